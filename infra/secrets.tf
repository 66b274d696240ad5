# Secrets are created EMPTY. No google_secret_manager_secret_version here, ever: a value in
# Terraform would sit in plan output and state in clear text. The operator adds versions
# (docs/RUNBOOK.md), and the functions read `latest` at run time, so a new version needs no deploy.
resource "google_secret_manager_secret" "secret" {
  for_each  = local.secret_names
  secret_id = each.key

  replication {
    auto {}
  }

  labels = {
    app = "seven-functions"
  }

  depends_on = [google_project_service.api]
}

# Each function's own account may read exactly the secrets its manifest entry lists.
resource "google_secret_manager_secret_iam_member" "function_reads" {
  for_each  = local.function_secrets
  secret_id = google_secret_manager_secret.secret[each.value.secret].secret_id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.function[each.value.function].email}"
}
