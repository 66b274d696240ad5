# One runtime account per function, so "secret accessor on its own secrets only" holds per
# function: search-youtube can read the YouTube key and nothing else, and a bug in one function
# cannot read another's credentials. The id must be 6-30 chars: a readable prefix of the function
# name plus a hash of the whole name keeps it unique and within the limit.
resource "google_service_account" "function" {
  for_each     = local.functions
  account_id   = format("fn-%s-%s", trimsuffix(substr(each.key, 0, 18), "-"), substr(sha1(each.key), 0, 8))
  display_name = "Function ${each.key}"
  description  = "Runtime identity of the Cloud Function ${each.key} (seven-functions)."
  depends_on   = [google_project_service.api]
}

# Firestore has no per-collection IAM: datastore.user on the project is the narrowest role that
# lets a function read and write documents (rules do not apply to server SDKs).
resource "google_project_iam_member" "function_datastore" {
  for_each = local.functions
  project  = var.project_id
  role     = "roles/datastore.user"
  member   = "serviceAccount:${google_service_account.function[each.key].email}"
}

# Gemini on Vertex AI (var.gemini_backend = "vertex"): the functions that call the model use their
# own account, so only they get roles/aiplatform.user (predict on publisher models), project-wide
# being the narrowest scope Vertex AI offers for it.
resource "google_project_iam_member" "function_vertex_ai" {
  for_each = var.gemini_backend == "vertex" ? toset([for f in var.vertex_ai_functions : f if contains(keys(local.functions), f)]) : toset([])
  project  = var.project_id
  role     = "roles/aiplatform.user"
  member   = "serviceAccount:${google_service_account.function[each.key].email}"
}

# The identity Pub/Sub push, Eventarc and Cloud Scheduler use to call the 'service' functions.
# It holds run.invoker on exactly those functions (invokers.tf) and nothing else.
resource "google_service_account" "invoker" {
  account_id   = "sf-invoker"
  display_name = "Pub/Sub and Scheduler invoker"
  description  = "Signs the OIDC tokens of push subscriptions, event triggers and scheduler jobs (seven-functions)."
  depends_on   = [google_project_service.api]
}

# Builds run as their own account instead of the default compute account (which is often Editor).
resource "google_service_account" "build" {
  account_id   = "sf-functions-build"
  display_name = "Cloud Functions build"
  description  = "Builds the function containers from the uploaded sources (seven-functions)."
  depends_on   = [google_project_service.api]
}

# What Google documents a custom Cloud Functions build account needs: write build logs, push the
# image to Artifact Registry, read the uploaded source.
resource "google_project_iam_member" "build" {
  for_each = toset(["roles/cloudbuild.builds.builder"])
  project  = var.project_id
  role     = each.key
  member   = "serviceAccount:${google_service_account.build.email}"
}

# Pub/Sub's and Eventarc's service agents mint the OIDC tokens of the invoker account; granting
# token creation on that one account (not project-wide) is all they need.
resource "google_project_service_identity" "pubsub" {
  provider = google-beta
  service  = "pubsub.googleapis.com"
}

resource "google_service_account_iam_member" "pubsub_mints_invoker_tokens" {
  service_account_id = google_service_account.invoker.name
  role               = "roles/iam.serviceAccountTokenCreator"
  member             = "serviceAccount:${google_project_service_identity.pubsub.email}"
}
