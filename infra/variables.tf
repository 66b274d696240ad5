variable "project_id" {
  description = "The Google Cloud project that hosts everything."
  type        = string
}

variable "region" {
  description = "Region of the functions, the scheduler jobs and the source bucket. firebase.json's Hosting rewrites name the same region (scripts/gen-firebase-hosting.ts)."
  type        = string
  default     = "europe-west1"
}

variable "firestore_location" {
  description = "Firestore location (a region or a multi-region such as eur3). Cannot change after creation."
  type        = string
  default     = "eur3"
}

variable "manifest_path" {
  description = "The deploy manifest written by `npm run build` (relative to this directory or absolute). Every function deployed comes from it."
  type        = string
  default     = "../dist/manifest.json"
}

variable "source_root" {
  description = "Directory the manifest's `entry` paths are relative to (the repository root)."
  type        = string
  default     = ".."
}

variable "firestore_indexes_path" {
  description = "firestore.indexes.json: the one source of the TTL policies and composite indexes, also read by `firebase deploy`."
  type        = string
  default     = "../firestore.indexes.json"
}

variable "source_bucket" {
  description = "Bucket for the zipped function sources. Default: <project_id>-functions-source."
  type        = string
  default     = null
}

variable "public_base_url" {
  description = "Public base URL the functions are reached at (OAuth redirect URIs are <this>/oauth-callback/<provider>, connect links <this>/oauth-start). Default: the Cloud Functions URL https://<region>-<project>.cloudfunctions.net, which serves every function by name."
  type        = string
  default     = null
}

variable "console_url" {
  description = "Where the web console is served (Firebase Hosting). Its origin is the only one chat and approvals answer CORS for (the console calls them on their own URL, since a turn may outlast the 60 s Hosting waits); approval links are <this>/#/approvals/<id>. Default: https://<project_id>.web.app, Hosting's default site."
  type        = string
  default     = null
}

variable "oauth_return_to_allowlist" {
  description = "Where the OAuth flow may send the user back to (prefix match on origin + path). Comma-joined into OAUTH_RETURN_TO_ALLOWLIST."
  type        = list(string)
  default     = []
}

variable "google_oauth_client_id" {
  description = "Google OAuth client id (public). Its secret goes into the Secret Manager secret google-oauth-client-secret."
  type        = string
  default     = ""
}

variable "x_client_id" {
  description = "X OAuth 2.0 client id (public). Its secret goes into x-client-secret."
  type        = string
  default     = ""
}

variable "cartpilot_api_url" {
  description = "CartPilot API base URL; empty means the client's default."
  type        = string
  default     = ""
}

variable "log_level" {
  description = "LOG_LEVEL of every function."
  type        = string
  default     = "info"
  validation {
    condition     = contains(["debug", "info", "warn", "error"], var.log_level)
    error_message = "log_level must be debug, info, warn or error."
  }
}

variable "extra_environment" {
  description = "More plain (non-secret) environment variables for every function. Secrets never go here: they are read from Secret Manager at run time."
  type        = map(string)
  default     = {}
  validation {
    condition     = length([for k in keys(var.extra_environment) : k if can(regex("(?i)(secret|password|private|token|api_?key)", k))]) == 0
    error_message = "extra_environment looks like it carries a secret; put it in Secret Manager instead."
  }
}

variable "max_instances" {
  description = "Upper bound of instances per function: a cost and blast-radius limit."
  type        = number
  default     = 20
}

variable "min_instances" {
  description = "Instances kept warm per function (function name => count; unlisted: 0). Each warm instance is billed while idle: see infra/README.md, \"Cost of warm instances\"."
  type        = map(number)
  default     = {}
  validation {
    condition     = alltrue([for n in values(var.min_instances) : n >= 0 && n <= 10 && floor(n) == n])
    error_message = "min_instances values must be whole numbers from 0 to 10."
  }
}

variable "startup_cpu_boost" {
  description = "Give each function's Cloud Run service startup CPU boost (infra/cpu-boost.tf; needs gcloud where terraform apply runs). Billed only while instances start: see infra/README.md."
  type        = bool
  default     = true
}

variable "gemini_backend" {
  description = "\"api-key\": the Gemini API with the gemini-api-key secret. \"vertex\": Vertex AI with each Gemini-calling function's own service account (roles/aiplatform.user), no key to hold or rotate."
  type        = string
  default     = "api-key"
  validation {
    condition     = contains(["api-key", "vertex"], var.gemini_backend)
    error_message = "gemini_backend must be \"api-key\" or \"vertex\"."
  }
}

variable "gemini_vertex_location" {
  description = "Vertex AI location of the Gemini calls (\"global\", or a region such as europe-west4 for data residency)."
  type        = string
  default     = "global"
}

variable "gemini_model" {
  description = "Gemini model; empty keeps the code's default (a generally available model, shared/config.ts)."
  type        = string
  default     = ""
}

variable "vertex_ai_functions" {
  description = "Functions that call Gemini, granted roles/aiplatform.user when gemini_backend = \"vertex\"."
  type        = list(string)
  default     = ["chat", "approvals", "digest-worker"]
}

variable "concurrency" {
  description = "Requests one instance serves at once (needs >= 1 vCPU when > 1)."
  type        = number
  default     = 1
}

variable "pubsub_push_routes" {
  description = "HTTP functions fed by a Pub/Sub push subscription: function name => topic key (a key of local.topics). Created only for functions present in the manifest."
  type        = map(string)
  default = {
    "gmail-push" = "gmail-push"
  }
}

variable "event_trigger_routes" {
  description = "CloudEvent functions (manifest trigger 'cloudevent'): function name => topic key. Every cloudevent function must have one."
  type        = map(string)
  default = {
    "digest-worker" = "digests"
  }
}

variable "topic_publishers" {
  description = "Functions that publish to a topic: function name => topic keys. Their own runtime account gets roles/pubsub.publisher on those topics only."
  type        = map(list(string))
  default = {
    "digest-dispatch" = ["digests"]
  }
}

variable "scheduler_jobs" {
  description = "Cloud Scheduler jobs calling a function with an OIDC token of the invoker account: job id => {function, schedule (cron), time_zone, method, body}. A job whose function is not in the manifest is skipped."
  type = map(object({
    function  = string
    schedule  = string
    time_zone = optional(string, "Etc/UTC")
    method    = optional(string, "POST")
    body      = optional(string, "{}")
  }))
  default = {
    # Digests are due at each user's local hour, so dispatch runs every hour on the hour.
    "digest-dispatch-hourly" = { function = "digest-dispatch", schedule = "0 * * * *" }
    # Gmail's users.watch lapses after 7 days; renewing daily leaves six days of slack.
    "gmail-watch-renew-daily" = { function = "gmail-watch-renew", schedule = "17 3 * * *" }
    # Calendar push channels expire too; renew those that expire within the next day.
    "calendar-channel-renew-daily" = { function = "calendar-channel-renew", schedule = "47 3 * * *" }
    # Writes whose outcome was lost are looked up at the provider and settled.
    "effects-reconcile" = { function = "effects-reconcile", schedule = "*/5 * * * *" }
    # CartPilot pushes nothing to its clients: open orders are read when due (backing off as they
    # age, at most 500 per run; shared/commerce/open-order-sync.ts).
    "order-sync-10min" = { function = "order-sync", schedule = "*/10 * * * *" }
  }
}

variable "task_queues" {
  description = "Cloud Tasks queues: queue id => {function it delivers to, enqueuers (functions that create and delete its tasks)}. Tasks carry an OIDC token of the invoker account. A queue whose function is not in the manifest is skipped."
  type = map(object({
    function  = string
    enqueuers = list(string)
  }))
  default = {
    # One task per scheduled email or post, named for the send (shared/providers/cloud-tasks/task-queue.ts).
    "scheduled-sends" = { function = "scheduled-send", enqueuers = ["schedule-email", "schedule-post", "cancel-scheduled-send"] }
  }
}

variable "firestore_delete_protection" {
  description = "Refuse to delete the Firestore database (turn off only to tear down a scratch project)."
  type        = bool
  default     = true
}
