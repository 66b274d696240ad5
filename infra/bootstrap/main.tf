# One-time bootstrap, applied by a person with Owner on the project (local state is fine; it holds
# no secrets): the Terraform state bucket, and the identity GitHub Actions deploys as, reached by
# Workload Identity Federation, so no service-account key exists anywhere.
terraform {
  required_version = ">= 1.6.0, < 2.0.0"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.40"
    }
    google-beta = {
      source  = "hashicorp/google-beta"
      version = "~> 6.40"
    }
  }
}

provider "google" {
  project = var.project_id
  region  = var.region
}

provider "google-beta" {
  project = var.project_id
  region  = var.region
}

variable "project_id" {
  type = string
}

variable "region" {
  type    = string
  default = "europe-west1"
}

variable "github_repository" {
  description = "owner/name of the repository whose workflows may deploy."
  type        = string
}

variable "deploy_ref" {
  description = "The only git ref allowed to deploy (the deploy workflow also runs in a protected environment)."
  type        = string
  default     = "refs/heads/main"
}

resource "google_project_service" "api" {
  for_each           = toset(["iam.googleapis.com", "iamcredentials.googleapis.com", "sts.googleapis.com", "cloudresourcemanager.googleapis.com", "serviceusage.googleapis.com", "storage.googleapis.com", "firebase.googleapis.com"])
  service            = each.key
  disable_on_destroy = false
}

# Firebase on the same project: Firebase Auth issues the ID tokens the 'user' functions verify
# (aud = this project) and Hosting fronts the API (firebase.json). Adding Firebase is a one-time
# Owner action, so it lives here rather than in the deployer's reach.
resource "google_firebase_project" "default" {
  provider   = google-beta
  project    = var.project_id
  depends_on = [google_project_service.api]
}

resource "google_storage_bucket" "state" {
  name                        = "${var.project_id}-tfstate"
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  versioning {
    enabled = true # a bad apply can be rolled back to the previous state
  }
}

resource "google_iam_workload_identity_pool" "github" {
  workload_identity_pool_id = "github"
  display_name              = "GitHub Actions"
  depends_on                = [google_project_service.api]
}

# Only tokens from this repository and ref are accepted at all; the condition is checked by STS
# before any impersonation, so a fork or another repository gets nothing.
resource "google_iam_workload_identity_pool_provider" "github" {
  workload_identity_pool_id          = google_iam_workload_identity_pool.github.workload_identity_pool_id
  workload_identity_pool_provider_id = "github-oidc"
  display_name                       = "GitHub OIDC"
  attribute_mapping = {
    "google.subject"       = "assertion.sub"
    "attribute.repository" = "assertion.repository"
    "attribute.ref"        = "assertion.ref"
  }
  attribute_condition = "assertion.repository == '${var.github_repository}' && assertion.ref == '${var.deploy_ref}'"
  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}

resource "google_service_account" "deployer" {
  account_id   = "sf-deployer"
  display_name = "seven-functions deployer (GitHub Actions)"
}

resource "google_service_account_iam_member" "github_impersonates_deployer" {
  service_account_id = google_service_account.deployer.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.github.name}/attribute.repository/${var.github_repository}"
}

# What `terraform apply` in infra/ and `firebase deploy` manage. Applying IAM bindings needs
# projectIamAdmin; that is the price of infrastructure as code, which is why only main, through
# a protected environment, can reach this account.
resource "google_project_iam_member" "deployer" {
  for_each = toset([
    "roles/cloudfunctions.admin",
    "roles/run.admin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.serviceAccountUser",
    "roles/resourcemanager.projectIamAdmin",
    "roles/serviceusage.serviceUsageAdmin",
    "roles/storage.admin",
    "roles/pubsub.admin",
    "roles/cloudscheduler.admin",
    "roles/eventarc.admin",
    "roles/datastore.owner",
    "roles/firebaserules.admin",
    "roles/firebasehosting.admin",
    "roles/artifactregistry.reader",
  ])
  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${google_service_account.deployer.email}"
}

# Secret Manager without reading values: the deployer creates the (empty) secrets and grants
# accessor on them, but cannot read a version itself (roles/secretmanager.admin could).
resource "google_project_iam_custom_role" "secrets_manager_no_access" {
  role_id     = "sfSecretsManagerNoAccess"
  title       = "Manage secrets without reading them"
  description = "Create, label and set IAM on Secret Manager secrets; no secretmanager.versions.access."
  permissions = [
    "secretmanager.locations.get",
    "secretmanager.locations.list",
    "secretmanager.secrets.create",
    "secretmanager.secrets.delete",
    "secretmanager.secrets.get",
    "secretmanager.secrets.getIamPolicy",
    "secretmanager.secrets.list",
    "secretmanager.secrets.setIamPolicy",
    "secretmanager.secrets.update",
  ]
}

resource "google_project_iam_member" "deployer_secrets" {
  project = var.project_id
  role    = google_project_iam_custom_role.secrets_manager_no_access.id
  member  = "serviceAccount:${google_service_account.deployer.email}"
}

resource "google_storage_bucket_iam_member" "deployer_state" {
  bucket = google_storage_bucket.state.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.deployer.email}"
}

output "workload_identity_provider" {
  description = "GitHub variable GCP_WORKLOAD_IDENTITY_PROVIDER."
  value       = google_iam_workload_identity_pool_provider.github.name
}

output "deployer_service_account" {
  description = "GitHub variable GCP_DEPLOY_SERVICE_ACCOUNT."
  value       = google_service_account.deployer.email
}

output "state_bucket" {
  description = "GitHub variable TF_STATE_BUCKET."
  value       = google_storage_bucket.state.name
}
