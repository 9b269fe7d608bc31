# One AskFlow environment: its namespace, its own secrets, its Temporal namespace and the Helm release of
# gateway and worker. Applied by infra/envs/staging and infra/envs/production with their own variables.

locals {
  name        = "askflow-${var.environment}"
  on_cloud    = var.temporal_cloud != null
  secret_name = "askflow"

  temporal_address   = local.on_cloud ? temporalcloud_namespace.this[0].endpoints.grpc_address : var.temporal_self_hosted.address
  temporal_namespace = local.on_cloud ? temporalcloud_namespace.this[0].id : var.temporal_self_hosted.namespace
  temporal_ui_url    = local.on_cloud ? "https://cloud.temporal.io" : var.temporal_self_hosted.ui_url
}

resource "terraform_data" "temporal_choice" {
  lifecycle {
    precondition {
      condition     = (var.temporal_cloud == null) != (var.temporal_self_hosted == null)
      error_message = "Set exactly one of temporal_cloud and temporal_self_hosted."
    }
  }
}

resource "kubernetes_namespace_v1" "this" {
  metadata {
    name = local.name
    labels = {
      "app.kubernetes.io/part-of" = "askflow"
      "askflow.io/environment"    = var.environment
      # the Pod Security admission: the chart's pods run as non-root with a read-only root file system
      "pod-security.kubernetes.io/enforce" = "restricted"
    }
  }
}

# --- Temporal Cloud: the environment's namespace, a service account that may write to it, its API key ---

resource "temporalcloud_namespace" "this" {
  count          = local.on_cloud ? 1 : 0
  name           = local.name
  regions        = [var.temporal_cloud.region]
  retention_days = var.temporal_cloud.retention_days
  api_key_auth   = true
}

resource "temporalcloud_service_account" "this" {
  count          = local.on_cloud ? 1 : 0
  name           = local.name
  account_access = "Read"
  namespace_accesses = [{
    namespace_id = temporalcloud_namespace.this[0].id
    permission   = "Write"
  }]
}

resource "temporalcloud_apikey" "this" {
  count        = local.on_cloud ? 1 : 0
  display_name = local.name
  owner_type   = "service-account"
  owner_id     = temporalcloud_service_account.this[0].id
  expiry_time  = var.temporal_cloud.api_key_expiry
}

# --- the environment's own secrets, read by the chart through existingSecret ---

resource "kubernetes_secret_v1" "this" {
  metadata {
    name      = local.secret_name
    namespace = kubernetes_namespace_v1.this.metadata[0].name
  }
  type = "Opaque"
  data = merge(
    {
      JWT_SECRET           = var.jwt_secret
      ASKFLOW_CODEC_KEYS   = var.codec_keys
      ASKFLOW_CODEC_KEY_ID = var.codec_key_id
      GITHUB_CLIENT_ID     = var.github_oauth_client_id
      GITHUB_CLIENT_SECRET = var.github_oauth_client_secret
      OPENAI_API_KEY       = var.openai_api_key
      DATABASE_URL         = var.database_url
    },
    local.on_cloud ? { TEMPORAL_API_KEY = temporalcloud_apikey.this[0].token } : {}
  )
}

# --- gateway and worker ---

resource "helm_release" "askflow" {
  name      = "askflow"
  namespace = kubernetes_namespace_v1.this.metadata[0].name
  chart     = "${path.module}/../../helm/askflow"
  # a release that does not become ready is rolled back, and the apply fails
  atomic  = true
  wait    = true
  timeout = 600

  values = [yamlencode({
    appEnv         = var.environment
    existingSecret = kubernetes_secret_v1.this.metadata[0].name
    secretKeys = {
      temporalApiKey = local.on_cloud ? "TEMPORAL_API_KEY" : ""
    }
    adminGithubIds = join(",", var.admin_github_ids)
    image = {
      gateway    = { repository = var.images.gateway_repository, digest = var.images.gateway_digest }
      worker     = { repository = var.images.worker_repository, digest = var.images.worker_digest }
      migrations = { repository = var.images.migrations_repository, digest = var.images.migrations_digest }
    }
    temporal = {
      address   = local.temporal_address
      namespace = local.temporal_namespace
      uiUrl     = local.temporal_ui_url
      tls       = local.on_cloud
    }
    gateway = {
      replicas = var.replicas.gateway
      ingress = {
        enabled       = true
        className     = var.ingress_class_name
        host          = var.host
        tlsSecretName = var.tls_secret_name
      }
    }
    worker = {
      replicas = var.replicas.worker
      # Worker Versioning: the build this release replaces keeps its pods until its pinned questions are done
      versioning = {
        draining = var.worker_draining_digest == "" || var.worker_draining_digest == var.images.worker_digest ? [] : [
          { digest = var.worker_draining_digest }
        ]
      }
    }
  })]

  depends_on = [terraform_data.temporal_choice]
}
