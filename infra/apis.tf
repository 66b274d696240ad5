# The APIs this backend needs. disable_on_destroy = false: tearing down this stack must not switch
# off an API something else in the project may use.
locals {
  apis = toset([
    "cloudfunctions.googleapis.com",
    "run.googleapis.com",
    "cloudbuild.googleapis.com",
    "artifactregistry.googleapis.com",
    "eventarc.googleapis.com",
    "pubsub.googleapis.com",
    "cloudscheduler.googleapis.com",
    "cloudtasks.googleapis.com",
    "secretmanager.googleapis.com",
    "firestore.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "logging.googleapis.com",
    "cloudtrace.googleapis.com",
    "firebase.googleapis.com",
    "firebaserules.googleapis.com",
    "firebasehosting.googleapis.com",
    "identitytoolkit.googleapis.com",
    # The Google APIs the actions call on the users' behalf (OAuth clients live in this project).
    "calendar-json.googleapis.com",
    "gmail.googleapis.com",
    "youtube.googleapis.com",
    "generativelanguage.googleapis.com",
    # Gemini on Vertex AI (var.gemini_backend = "vertex").
    "aiplatform.googleapis.com",
  ])
}

resource "google_project_service" "api" {
  for_each           = local.apis
  service            = each.key
  disable_on_destroy = false
}
