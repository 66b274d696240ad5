# Who may invoke each function at the Cloud Run IAM layer. The rule (infra/README.md):
#   'user' and 'public'  → allUsers. They authenticate every request in code (Firebase ID token;
#                          OAuth state, webhook signature), because their callers carry no Google
#                          identity Cloud Run could check.
#   'service'            → only the invoker account, and only for the functions it actually calls.
# The filter is on the manifest's access field, so a new 'service' function is private by default.
resource "google_cloud_run_v2_service_iam_member" "public" {
  for_each = local.public_functions
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.function[each.key].name
  role     = "roles/run.invoker"
  member   = "allUsers"
}

resource "google_cloud_run_v2_service_iam_member" "invoker" {
  for_each = local.invoked_by_service
  project  = var.project_id
  location = var.region
  name     = google_cloudfunctions2_function.function[each.key].name
  role     = "roles/run.invoker"
  member   = "serviceAccount:${google_service_account.invoker.email}"
}
