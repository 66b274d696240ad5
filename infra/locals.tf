locals {
  # The deploy manifest (scripts/lib/manifest.ts) is the only list of functions: a new action or
  # endpoint appears here after `npm run build` with no edit to this directory.
  manifest_file = startswith(var.manifest_path, "/") ? var.manifest_path : "${path.module}/${var.manifest_path}"
  source_root   = startswith(var.source_root, "/") ? var.source_root : "${path.module}/${var.source_root}"
  functions     = { for f in jsondecode(file(local.manifest_file)) : f.name => f }

  # Every secret the backend reads (shared/config.ts SECRET_NAMES; tests/unit/infra.test.ts keeps
  # the two equal). Listed here rather than derived from the manifest on purpose: removing the last
  # function that reads a secret must not destroy the secret and its versions.
  secret_names = toset([
    "token-encryption-key",
    "google-oauth-client-secret",
    "x-client-secret",
    "youtube-api-key",
    "cartpilot-api-key",
    "gemini-api-key",
    "merchant-webhook-secret",
  ])

  # Secrets mounted as files (functions.tf secret_volumes); shared/config.ts MOUNTABLE_SECRETS.
  mountable_secrets = [for s in local.secret_names : s if s != "token-encryption-key"]

  # One (function, secret) pair per secret a function reads: each function's own account gets
  # secretAccessor on exactly these, never project-wide.
  function_secrets = {
    for pair in flatten([
      for name, f in local.functions : [for s in f.secrets : { function = name, secret = s }]
    ]) : "${pair.function}/${pair.secret}" => pair
  }

  # Who may invoke what at the Cloud Run IAM layer (see infra/README.md, "Who can call a function"):
  # 'user' functions are called by the app with Firebase ID tokens, which Cloud Run IAM cannot
  # check, and 'public' ones by OAuth providers and webhooks that carry no Google identity; both
  # authenticate every request in code, so they must be invokable by allUsers. 'service' functions
  # are only ever called by Pub/Sub, Eventarc or Scheduler with an OIDC token of the invoker
  # account, so Cloud Run itself rejects everyone else before our code runs.
  public_functions  = { for name, f in local.functions : name => f if f.access != "service" }
  service_functions = { for name, f in local.functions : name => f if f.access == "service" }

  topics = {
    "gmail-push" = "gmail-push"
    "digests"    = "digests"
  }

  push_routes    = { for fn, topic in var.pubsub_push_routes : fn => topic if contains(keys(local.functions), fn) }
  event_routes   = { for fn, topic in var.event_trigger_routes : fn => topic if contains(keys(local.functions), fn) }
  scheduled_jobs = { for id, job in var.scheduler_jobs : id => job if contains(keys(local.functions), job.function) }
  publishers = {
    for pair in flatten([
      for fn, topics in var.topic_publishers : [for t in topics : { function = fn, topic = t }] if contains(keys(local.functions), fn)
    ]) : "${pair.function}/${pair.topic}" => pair
  }

  task_queues = { for q, v in var.task_queues : q => v if contains(keys(local.functions), v.function) }
  # (queue, function) pairs: the functions that create and delete tasks on a queue (tasks.tf).
  task_enqueuers = {
    for pair in flatten([
      for q, v in local.task_queues : [for fn in v.enqueuers : { queue = q, function = fn } if contains(keys(local.functions), fn)]
    ]) : "${pair.queue}/${pair.function}" => pair
  }

  # Functions the invoker account calls: push targets, event-trigger targets, scheduler and task targets.
  invoked_by_service = toset(concat(
    keys(local.push_routes),
    keys(local.event_routes),
    [for job in values(local.scheduled_jobs) : job.function],
    [for q in values(local.task_queues) : q.function],
  ))

  # Cloud Functions serves every function at <region>-<project>.cloudfunctions.net/<name>, a URL
  # known before anything is deployed (the run.app URL is not), so it is a stable default base.
  functions_base_url = "https://${var.region}-${var.project_id}.cloudfunctions.net"
  public_base_url    = coalesce(var.public_base_url, local.functions_base_url)
  console_url        = coalesce(var.console_url, "https://${var.project_id}.web.app")

  # Plain configuration only (shared/config.ts reads these); secrets are read from Secret Manager
  # at run time. Empty values are dropped: the config treats "unset" and "" alike, Cloud Run not.
  environment = {
    for k, v in merge({
      GOOGLE_CLOUD_PROJECT      = var.project_id
      AUTH_MODE                 = "firebase"
      PUBLIC_BASE_URL           = local.public_base_url
      CONSOLE_URL               = local.console_url
      OAUTH_RETURN_TO_ALLOWLIST = join(",", var.oauth_return_to_allowlist)
      GOOGLE_OAUTH_CLIENT_ID    = var.google_oauth_client_id
      X_CLIENT_ID               = var.x_client_id
      CARTPILOT_API_URL         = var.cartpilot_api_url
      LOG_LEVEL                 = var.log_level
      # Stack traces in the logs point at the TypeScript source (bundles ship their source maps).
      NODE_OPTIONS = "--enable-source-maps"
      # Where secret volumes are mounted (functions.tf); shared/secrets.ts reads them first.
      SECRET_FILES_DIR = "/etc/secrets"
      # Gemini: the API with the gemini-api-key secret, or Vertex AI with the function's account.
      GEMINI_BACKEND         = var.gemini_backend
      GEMINI_VERTEX_LOCATION = var.gemini_vertex_location
      GEMINI_MODEL           = var.gemini_model
      # For the Pub/Sub- and Scheduler-facing functions (shared/triggers/service-auth.ts): the one
      # account whose OIDC tokens they accept (Scheduler uses the same one), the audience base
      # those tokens are minted for (pubsub.tf, scheduler.tf), and the topics they use.
      PUSH_SERVICE_ACCOUNT_EMAIL = google_service_account.invoker.email
      PUSH_AUDIENCE_BASE_URL     = local.functions_base_url
      GMAIL_PUSH_TOPIC           = "projects/${var.project_id}/topics/${local.topics["gmail-push"]}"
      DIGESTS_TOPIC              = "projects/${var.project_id}/topics/${local.topics["digests"]}"
      # Scheduled sends (tasks.tf): the queue, and the account each task's OIDC token is minted as.
      SCHEDULED_SENDS_QUEUE       = contains(keys(local.task_queues), "scheduled-sends") ? "projects/${var.project_id}/locations/${var.region}/queues/scheduled-sends" : null
      TASKS_SERVICE_ACCOUNT_EMAIL = google_service_account.invoker.email
    }, var.extra_environment) : k => v if v != null && v != ""
  }

  source_bucket = coalesce(var.source_bucket, "${var.project_id}-functions-source")
}
