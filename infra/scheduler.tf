# Scheduled calls with an OIDC token of the invoker account; a job is created only when the
# function it calls is in the manifest, so the defaults are safe before those functions exist.
resource "google_cloud_scheduler_job" "job" {
  for_each  = local.scheduled_jobs
  name      = each.key
  region    = var.region
  schedule  = each.value.schedule
  time_zone = each.value.time_zone
  # A run still going at the next tick is abandoned by Scheduler at this deadline.
  attempt_deadline = "${min(1800, max(15, local.functions[each.value.function].timeoutSec))}s"

  retry_config {
    retry_count          = 2
    min_backoff_duration = "30s"
  }

  http_target {
    http_method = each.value.method
    uri         = "${local.functions_base_url}/${google_cloudfunctions2_function.function[each.value.function].name}"
    body        = base64encode(each.value.body)
    headers     = { "Content-Type" = "application/json" }
    oidc_token {
      service_account_email = google_service_account.invoker.email
      # What the function expects: PUSH_AUDIENCE_BASE_URL/<name> (shared/triggers/service-auth.ts).
      audience = "${local.functions_base_url}/${google_cloudfunctions2_function.function[each.value.function].name}"
    }
  }

  depends_on = [google_cloud_run_v2_service_iam_member.invoker]
}
