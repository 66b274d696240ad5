# gmail-push: Gmail publishes a notification here on every mailbox change of a watched account.
# digests:    digest-dispatch publishes one message per due user; digest-worker consumes them.
resource "google_pubsub_topic" "topic" {
  for_each = local.topics
  name     = each.value
  # Long enough to survive a broken worker over a weekend, short enough not to pile up.
  message_retention_duration = "604800s"
  labels                     = { app = "seven-functions" }
  depends_on                 = [google_project_service.api]
}

# Gmail's users.watch requires that this Google-owned account may publish to the topic.
# https://developers.google.com/workspace/gmail/api/guides/push#grant_publish_rights_on_your_topic
resource "google_pubsub_topic_iam_member" "gmail_publishes" {
  topic  = google_pubsub_topic.topic["gmail-push"].name
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:gmail-api-push@system.gserviceaccount.com"
}

# A function that publishes gets publisher on its topics only (e.g. digest-dispatch → digests).
resource "google_pubsub_topic_iam_member" "function_publishes" {
  for_each = local.publishers
  topic    = google_pubsub_topic.topic[each.value.topic].name
  role     = "roles/pubsub.publisher"
  member   = "serviceAccount:${google_service_account.function[each.value.function].email}"
}

# Messages that keep failing end here instead of being retried forever.
resource "google_pubsub_topic" "dead_letter" {
  name                       = "seven-functions-dead-letter"
  message_retention_duration = "1209600s"
  labels                     = { app = "seven-functions" }
  depends_on                 = [google_project_service.api]
}

# Push subscriptions to HTTP functions, each created only when its function is in the manifest.
# The push carries an OIDC token of the invoker account whose audience is the function's
# cloudfunctions.net URL, i.e. PUSH_AUDIENCE_BASE_URL/<name> (shared/triggers/service-auth.ts):
# Cloud Run checks the token (the function is not public), and the function checks it again.
resource "google_pubsub_subscription" "push" {
  for_each = local.push_routes
  name     = "${each.key}-push"
  topic    = google_pubsub_topic.topic[each.value].id

  ack_deadline_seconds       = min(600, max(10, local.functions[each.key].timeoutSec))
  message_retention_duration = "604800s"

  push_config {
    push_endpoint = "${local.functions_base_url}/${google_cloudfunctions2_function.function[each.key].name}"
    oidc_token {
      service_account_email = google_service_account.invoker.email
      audience              = "${local.functions_base_url}/${google_cloudfunctions2_function.function[each.key].name}"
    }
  }

  retry_policy {
    minimum_backoff = "10s"
    maximum_backoff = "600s"
  }

  dead_letter_policy {
    dead_letter_topic     = google_pubsub_topic.dead_letter.id
    max_delivery_attempts = 10
  }

  depends_on = [google_cloud_run_v2_service_iam_member.invoker, google_service_account_iam_member.pubsub_mints_invoker_tokens]
}

# Dead-lettering needs the Pub/Sub service agent to publish to the dead-letter topic and to
# acknowledge on the source subscriptions.
resource "google_pubsub_topic_iam_member" "dead_letter_publisher" {
  topic  = google_pubsub_topic.dead_letter.name
  role   = "roles/pubsub.publisher"
  member = "serviceAccount:${google_project_service_identity.pubsub.email}"
}

resource "google_pubsub_subscription_iam_member" "dead_letter_subscriber" {
  for_each     = google_pubsub_subscription.push
  subscription = each.value.name
  role         = "roles/pubsub.subscriber"
  member       = "serviceAccount:${google_project_service_identity.pubsub.email}"
}

# Somewhere to look at what was dead-lettered (a topic without a subscription drops messages).
resource "google_pubsub_subscription" "dead_letter" {
  name                       = "seven-functions-dead-letter"
  topic                      = google_pubsub_topic.dead_letter.id
  message_retention_duration = "1209600s"
  expiration_policy {
    ttl = "" # never expires for lack of activity
  }
}
