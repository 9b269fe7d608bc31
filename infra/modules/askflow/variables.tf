variable "environment" {
  description = "staging or production: the Kubernetes namespace's suffix, APP_ENV, the Temporal namespace's name"
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "environment must be staging or production (dev is ./run.sh)."
  }
}

variable "host" {
  description = "The public host name of this environment's API, e.g. askflow-staging.example.com"
  type        = string
}

variable "ingress_class_name" {
  description = "The ingress class that serves the host"
  type        = string
  default     = "nginx"
}

variable "tls_secret_name" {
  description = "A kubernetes.io/tls Secret for the host in the namespace (e.g. issued by cert-manager); empty = no TLS at the ingress"
  type        = string
  default     = ""
}

variable "images" {
  description = "Image repositories and the digests to run (sha256:…); the pipeline passes the digests it built"
  type = object({
    gateway_repository    = string
    worker_repository     = string
    migrations_repository = string
    gateway_digest        = string
    worker_digest         = string
    migrations_digest     = string
  })

  validation {
    condition = alltrue([
      for digest in [var.images.gateway_digest, var.images.worker_digest, var.images.migrations_digest] :
      can(regex("^sha256:[a-f0-9]{64}$", digest))
    ])
    error_message = "Every image is deployed by digest: sha256:<64 hex digits>."
  }
}

variable "replicas" {
  description = "Gateways and workers"
  type = object({
    gateway = number
    worker  = number
  })
  default = { gateway = 2, worker = 2 }
}

variable "admin_github_ids" {
  description = "GitHub numeric ids with admin rights in this environment"
  type        = list(string)
  default     = []
}

# --- this environment's own secrets: never shared between staging and production ---

variable "github_oauth_client_id" {
  description = "Client id of this environment's own GitHub OAuth app (callback https://<host>/auth/callback)"
  type        = string
  sensitive   = true
}

variable "github_oauth_client_secret" {
  description = "Client secret of this environment's own GitHub OAuth app"
  type        = string
  sensitive   = true
}

variable "jwt_secret" {
  description = "This environment's token signing secret, at least 32 bytes (openssl rand -base64 48)"
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.jwt_secret) >= 32
    error_message = "jwt_secret must be at least 32 bytes."
  }
}

variable "codec_keys" {
  description = <<-EOT
    This environment's payload codec keys, id:base64key pairs separated by commas, each key 32 random bytes
    (openssl rand -base64 32). Every listed key decrypts; keep a retired key listed until no history needs it.
  EOT
  type        = string
  sensitive   = true

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]{1,64}:[A-Za-z0-9+/]{43}=(,[A-Za-z0-9._-]{1,64}:[A-Za-z0-9+/]{43}=)*$", var.codec_keys))
    error_message = "codec_keys must be id:base64key pairs separated by commas, each key 32 bytes (openssl rand -base64 32)."
  }
}

variable "codec_key_id" {
  description = "The id, among codec_keys, of the key that encrypts new payloads"
  type        = string
}

variable "openai_api_key" {
  description = "The model provider's API key for this environment"
  type        = string
  sensitive   = true
}

# --- PostgreSQL ---

variable "database_url" {
  description = <<-EOT
    JDBC URL of this environment's database on an existing managed PostgreSQL (one database and one role per
    environment, created by whoever runs the PostgreSQL service), credentials included:
    jdbc:postgresql://host:5432/askflow_staging?user=askflow&password=…&sslmode=verify-full
  EOT
  type        = string
  sensitive   = true

  validation {
    condition     = startswith(var.database_url, "jdbc:postgresql://")
    error_message = "database_url must be a jdbc:postgresql:// URL (SQLite is for one machine only)."
  }
}

# --- Temporal ---

variable "temporal_cloud" {
  description = <<-EOT
    Temporal Cloud: the namespace and an API key for it are created here. Leave null for a self-hosted
    cluster and set temporal_self_hosted instead.
  EOT
  type = object({
    region         = string
    retention_days = number
    api_key_expiry = string
  })
  default = null
}

variable "temporal_self_hosted" {
  description = <<-EOT
    A self-hosted Temporal cluster: its frontend address and a namespace its operators created
    (temporal operator namespace create --namespace askflow-<environment> --retention 30d). Null with Temporal Cloud.
  EOT
  type = object({
    address   = string
    namespace = string
    ui_url    = string
  })
  default = null
}

variable "worker_draining_digest" {
  description = <<-EOT
    The worker image (sha256:…) this release replaces, kept running beside the new one while questions pinned to
    it finish (Temporal Worker Versioning); "" once Temporal reports it drained. Set by the deploy workflow.
  EOT
  type        = string
  default     = ""

  validation {
    condition     = var.worker_draining_digest == "" || can(regex("^sha256:[a-f0-9]{64}$", var.worker_draining_digest))
    error_message = "worker_draining_digest is \"\" or an image digest, sha256:<64 hex digits>."
  }
}
