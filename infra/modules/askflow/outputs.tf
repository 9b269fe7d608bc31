output "namespace" {
  description = "The Kubernetes namespace of this environment"
  value       = kubernetes_namespace_v1.this.metadata[0].name
}

output "temporal" {
  description = "Where this environment's workflows run"
  value = {
    address   = local.temporal_address
    namespace = local.temporal_namespace
  }
}

output "base_url" {
  description = "The API's public URL, for scripts/smoke.sh"
  value       = "${var.tls_secret_name == "" ? "http" : "https"}://${var.host}"
}

output "worker_build_id" {
  description = "The worker build this release runs, as Temporal Worker Versioning knows it (the chart's build id)"
  value       = substr(trimprefix(var.images.worker_digest, "sha256:"), 0, 12)
}

output "temporal_api_key" {
  description = "The API key of this environment's Temporal Cloud namespace (null when self-hosted), for the release step that sets the current worker version"
  value       = local.on_cloud ? temporalcloud_apikey.this[0].token : null
  sensitive   = true
}
