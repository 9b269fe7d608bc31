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
