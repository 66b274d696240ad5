# Every function in the deploy manifest, one 2nd-gen Cloud Function each. Name, runtime, memory,
# timeout, trigger and secrets all come from the manifest, so this file changes only when the
# platform does, never when an action is added.
resource "google_cloudfunctions2_function" "function" {
  for_each    = local.functions
  name        = each.key
  location    = var.region
  description = "seven-functions ${each.value.kind} (${each.value.access})"

  labels = {
    app    = "seven-functions"
    kind   = each.value.kind
    access = each.value.access
  }

  build_config {
    runtime         = each.value.runtime
    entry_point     = each.key # the name the bundle registers with functions-framework
    service_account = google_service_account.build.id
    source {
      storage_source {
        bucket = google_storage_bucket.source.name
        object = google_storage_bucket_object.function[each.key].name
      }
    }
  }

  service_config {
    available_memory   = "${each.value.memoryMb}M"
    available_cpu      = var.concurrency > 1 ? "1" : null
    timeout_seconds    = each.value.timeoutSec
    max_instance_count = var.max_instances
    # Instances kept warm (var.min_instances, default 0): no cold start, billed while idle
    # (infra/README.md, "Cost of warm instances").
    min_instance_count               = lookup(var.min_instances, each.key, 0)
    max_instance_request_concurrency = var.concurrency
    service_account_email            = google_service_account.function[each.key].email
    # Reachable from the internet: the app, OAuth redirects, webhooks and Pub/Sub push all come
    # from outside any VPC. Who may call is decided by IAM (invokers.tf) and in code.
    ingress_settings               = "ALLOW_ALL"
    all_traffic_on_latest_revision = true
    environment_variables          = local.environment

    # The secrets this function reads, mounted as files at /etc/secrets/<name>/value (SECRET_FILES_DIR,
    # shared/secret-files.ts): version "latest" is resolved on each read, so rotation needs no
    # deploy, and a cold start reads a file instead of loading the Secret Manager client. Not the
    # token encryption key: its numeric versions are part of every ciphertext, so it stays on the API.
    dynamic "secret_volumes" {
      for_each = [for s in each.value.secrets : s if contains(local.mountable_secrets, s)]
      content {
        mount_path = "/etc/secrets/${secret_volumes.value}"
        project_id = var.project_id
        secret     = google_secret_manager_secret.secret[secret_volumes.value].secret_id
        versions {
          version = "latest"
          path    = "value"
        }
      }
    }
  }

  # CloudEvent functions (manifest trigger 'cloudevent') consume a Pub/Sub topic through Eventarc,
  # which pushes with an OIDC token of the invoker account.
  dynamic "event_trigger" {
    for_each = each.value.trigger == "cloudevent" ? [lookup(local.event_routes, each.key, "")] : []
    content {
      trigger_region        = var.region
      event_type            = "google.cloud.pubsub.topic.v1.messagePublished"
      pubsub_topic          = try(google_pubsub_topic.topic[event_trigger.value].id, null)
      retry_policy          = "RETRY_POLICY_RETRY"
      service_account_email = google_service_account.invoker.email
    }
  }

  lifecycle {
    precondition {
      condition     = each.value.runtime == "nodejs22"
      error_message = "Function ${each.key}: runtime must be nodejs22 (the bundles target Node 22)."
    }
    precondition {
      condition     = alltrue([for s in each.value.secrets : contains(local.secret_names, s)])
      error_message = "Function ${each.key} reads a secret that infra/locals.tf secret_names does not declare."
    }
    precondition {
      condition     = each.value.trigger != "cloudevent" || contains(keys(local.event_routes), each.key)
      error_message = "CloudEvent function ${each.key} has no topic in var.event_trigger_routes."
    }
  }

  depends_on = [
    google_project_iam_member.build,
    google_storage_bucket_iam_member.build_reads_source,
    google_secret_manager_secret_iam_member.function_reads,
  ]
}
