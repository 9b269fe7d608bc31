variable "kubeconfig_path" {
  description = "Path of the kubeconfig for this environment's cluster"
  type        = string
  default     = "~/.kube/config"
}

variable "kube_context" {
  description = "The kubeconfig context of this environment's cluster; null = the current one"
  type        = string
  default     = null
}

variable "gateway_digest" {
  description = "The gateway image's digest (sha256:…), from the pipeline's build"
  type        = string
}

variable "worker_digest" {
  description = "The worker image's digest (sha256:…), from the pipeline's build"
  type        = string
}

variable "worker_draining_digest" {
  description = "The worker image the release replaces, while its pinned questions finish; \"\" once drained"
  type        = string
  default     = ""
}

variable "migrations_digest" {
  description = "The migrations image's digest (sha256:…), from the pipeline's build"
  type        = string
}

# This environment's own secrets: set as TF_VAR_* from the GitHub Environment's secrets, never in a file.

variable "github_oauth_client_id" {
  description = "Client id of this environment's GitHub OAuth app"
  type        = string
  sensitive   = true
}

variable "github_oauth_client_secret" {
  description = "Client secret of this environment's GitHub OAuth app"
  type        = string
  sensitive   = true
}

variable "jwt_secret" {
  description = "This environment's token signing secret"
  type        = string
  sensitive   = true
}

variable "codec_keys" {
  description = "This environment's payload codec keys (id:base64key,…); see the module's variable"
  type        = string
  sensitive   = true
}

variable "codec_key_id" {
  description = "The id of the codec key that encrypts new payloads"
  type        = string
}

variable "openai_api_key" {
  description = "The model provider's API key"
  type        = string
  sensitive   = true
}

variable "database_url" {
  description = "JDBC URL of this environment's PostgreSQL database, credentials included"
  type        = string
  sensitive   = true
}
