output "function_urls" {
  description = "Each function's own URL (run.app)."
  value       = { for name, f in google_cloudfunctions2_function.function : name => f.service_config[0].uri }
}

output "public_base_url" {
  description = "PUBLIC_BASE_URL given to the functions. Register <this>/oauth-callback/google and <this>/oauth-callback/x as OAuth redirect URIs."
  value       = local.public_base_url
}

output "publicly_invokable" {
  description = "Functions with allUsers invoker (they authenticate in code). Review this list on every change."
  value       = sort(keys(local.public_functions))
}

output "service_only" {
  description = "Functions only the invoker account may call."
  value       = sort(keys(local.service_functions))
}

output "invoker_service_account" {
  description = "The account whose OIDC tokens Pub/Sub push, Eventarc and Scheduler send."
  value       = google_service_account.invoker.email
}

output "secrets_to_fill" {
  description = "Secret Manager secrets created empty; add a version to each (docs/RUNBOOK.md)."
  value       = sort(local.secret_names)
}

output "gmail_push_topic" {
  description = "Topic name to pass to Gmail users.watch."
  value       = google_pubsub_topic.topic["gmail-push"].id
}

output "console_direct_api_base" {
  description = "CONSOLE_DIRECT_API_BASE for `npm run build`: the console calls chat and approvals there, on the functions' own URL, since a turn may outlast the 60 s Firebase Hosting waits."
  value       = local.functions_base_url
}
