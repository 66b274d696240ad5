# Cloud Tasks queues (var.task_queues): each delivers to one 'service' function with an OIDC token
# of the invoker account, for the audience the function checks (shared/triggers/service-auth.ts).
# The function answers 200 once it has claimed a send, so these retries only cover failures before
# the claim (auth, Firestore unavailable) and never send twice.
resource "google_cloud_tasks_queue" "queue" {
  for_each = local.task_queues
  name     = each.key
  location = var.region

  retry_config {
    max_attempts  = 5
    min_backoff   = "5s"
    max_backoff   = "300s"
    max_doublings = 4
  }

  depends_on = [google_project_service.api]
}

# The functions that schedule and cancel: create and delete tasks on their queue only.
resource "google_cloud_tasks_queue_iam_member" "enqueuer" {
  for_each = local.task_enqueuers
  name     = google_cloud_tasks_queue.queue[each.value.queue].name
  location = var.region
  role     = "roles/cloudtasks.enqueuer"
  member   = "serviceAccount:${google_service_account.function[each.value.function].email}"
}

resource "google_cloud_tasks_queue_iam_member" "deleter" {
  for_each = local.task_enqueuers
  name     = google_cloud_tasks_queue.queue[each.value.queue].name
  location = var.region
  role     = "roles/cloudtasks.taskDeleter"
  member   = "serviceAccount:${google_service_account.function[each.value.function].email}"
}

# A task with an oidcToken of the invoker account may only be created by someone who may act as it.
resource "google_service_account_iam_member" "enqueuer_acts_as_invoker" {
  for_each           = toset([for pair in values(local.task_enqueuers) : pair.function])
  service_account_id = google_service_account.invoker.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.function[each.key].email}"
}
