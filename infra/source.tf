# Function sources: each dist/<name> bundle (boot.js, index.js with its source map and V8 code
# cache, lazy/, package.json) zipped and uploaded under a name that contains its hash, so a
# changed bundle is a new object and Terraform redeploys exactly the functions whose code changed
# (the code cache is reproducible: it only changes with the code or the build's Node version).
resource "google_storage_bucket" "source" {
  name                        = local.source_bucket
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false
  depends_on                  = [google_project_service.api]
}

data "archive_file" "function" {
  for_each         = local.functions
  type             = "zip"
  source_dir       = "${local.source_root}/${each.value.entry}"
  output_path      = "${path.module}/.build/${each.key}.zip"
  output_file_mode = "0644" # same bytes on every machine, so the hash only moves with the code
}

resource "google_storage_bucket_object" "function" {
  for_each = local.functions
  name     = "functions/${each.key}/${data.archive_file.function[each.key].output_sha256}.zip"
  bucket   = google_storage_bucket.source.name
  source   = data.archive_file.function[each.key].output_path
}

# The build account reads the sources it builds (and nothing else in this bucket's project).
resource "google_storage_bucket_iam_member" "build_reads_source" {
  bucket = google_storage_bucket.source.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.build.email}"
}
