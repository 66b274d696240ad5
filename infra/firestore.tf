# The Firestore database, its TTL policies and composite indexes. TTL fields and indexes are read
# from firestore.indexes.json, the same file `firebase deploy --only firestore:indexes` and the
# emulator use, so the two can never describe different schemas.
locals {
  firestore_indexes = jsondecode(file(startswith(var.firestore_indexes_path, "/") ? var.firestore_indexes_path : "${path.module}/${var.firestore_indexes_path}"))

  # Collection groups whose expireAt is a TTL field (idempotency, cache, oauthStates, approvals, ...).
  # Expired documents are deleted up to ~24 h late; the code checks expireAt itself too.
  ttl_fields = {
    for o in lookup(local.firestore_indexes, "fieldOverrides", []) : "${o.collectionGroup}/${o.fieldPath}" => o
    if lookup(o, "ttl", false)
  }

  composite_indexes = {
    for ix in lookup(local.firestore_indexes, "indexes", []) :
    join("/", concat([ix.collectionGroup, lookup(ix, "queryScope", "COLLECTION")], [for f in ix.fields : "${f.fieldPath}:${lookup(f, "order", lookup(f, "arrayConfig", ""))}"])) => ix
  }
}

resource "google_firestore_database" "main" {
  name                              = "(default)"
  location_id                       = var.firestore_location
  type                              = "FIRESTORE_NATIVE"
  concurrency_mode                  = "PESSIMISTIC" # transactions lock; the refresh lease and idempotency claims rely on it
  point_in_time_recovery_enablement = "POINT_IN_TIME_RECOVERY_ENABLED"
  delete_protection_state           = var.firestore_delete_protection ? "DELETE_PROTECTION_ENABLED" : "DELETE_PROTECTION_DISABLED"
  deletion_policy                   = "ABANDON" # `terraform destroy` never deletes user data
  depends_on                        = [google_project_service.api]
}

resource "google_firestore_field" "ttl" {
  for_each   = local.ttl_fields
  database   = google_firestore_database.main.name
  collection = each.value.collectionGroup
  field      = each.value.fieldPath

  ttl_config {}

  # A timestamp only compared by the TTL sweeper needs no single-field index (one write less per
  # document); mirrors `"indexes": []` in firestore.indexes.json.
  index_config {}
}

resource "google_firestore_index" "composite" {
  for_each    = local.composite_indexes
  database    = google_firestore_database.main.name
  collection  = each.value.collectionGroup
  query_scope = lookup(each.value, "queryScope", "COLLECTION")

  dynamic "fields" {
    for_each = each.value.fields
    content {
      field_path   = fields.value.fieldPath
      order        = lookup(fields.value, "order", null)
      array_config = lookup(fields.value, "arrayConfig", null)
    }
  }
}
