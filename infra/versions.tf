# Provider versions are pinned to one major (and a floor we have read the docs of): a new major of
# the google provider changes resource schemas, and that should be a reviewed change, not a
# surprise in a deploy. Commit .terraform.lock.hcl after the first `terraform init`.
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
    archive = {
      source  = "hashicorp/archive"
      version = "~> 2.7"
    }
  }

  # State lives in a GCS bucket created by infra/bootstrap; the bucket name is given at init
  # (`terraform init -backend-config="bucket=<state bucket>"`) so no project id is hard-coded here.
  backend "gcs" {
    prefix = "seven-functions"
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
