# Startup CPU boost: extra CPU while an instance starts, so a cold start's module loading and client
# set-up (most of its time, all CPU-bound) finish sooner. It is a setting of the Cloud Run service
# behind each function, which the Cloud Functions v2 API (google_cloudfunctions2_function) has no
# field for. So it is set on that service after each deploy of the function, with the Cloud Run
# API through gcloud: a function deploy writes a new revision from the function's own template
# (without the boost), and update_time changes with it, which re-runs this. The service has the
# function's name (Cloud Functions v2 names it so; our names are already lowercase kebab-case).
# The deploy account has roles/run.admin (infra/bootstrap); gcloud must be on the PATH of whoever
# runs `terraform apply` (the deploy workflow sets it up). Cost: infra/README.md.
resource "terraform_data" "startup_cpu_boost" {
  for_each = var.startup_cpu_boost ? local.functions : {}

  triggers_replace = [
    google_cloudfunctions2_function.function[each.key].update_time,
    google_cloudfunctions2_function.function[each.key].service_config[0].service,
  ]

  provisioner "local-exec" {
    interpreter = ["/bin/sh", "-c"]
    command     = "gcloud run services update \"$SERVICE\" --project \"$PROJECT\" --region \"$REGION\" --cpu-boost --quiet"
    environment = {
      SERVICE = each.key
      PROJECT = var.project_id
      REGION  = var.region
    }
  }
}
