module "askflow" {
  source = "../../modules/askflow"

  environment     = "staging"
  host            = "askflow-staging.example.com"
  tls_secret_name = "askflow-tls"
  replicas        = { gateway = 2, worker = 2 }

  images = {
    gateway_repository    = "ghcr.io/askflow/askflow-gateway"
    worker_repository     = "ghcr.io/askflow/askflow-worker"
    migrations_repository = "ghcr.io/askflow/askflow-migrations"
    gateway_digest        = var.gateway_digest
    worker_digest         = var.worker_digest
    migrations_digest     = var.migrations_digest
  }
  worker_draining_digest = var.worker_draining_digest

  temporal_cloud = {
    region         = "aws-eu-central-1"
    retention_days = 7
    api_key_expiry = "2027-11-01T00:00:00Z"
  }

  github_oauth_client_id     = var.github_oauth_client_id
  github_oauth_client_secret = var.github_oauth_client_secret
  jwt_secret                 = var.jwt_secret
  codec_keys                 = var.codec_keys
  codec_key_id               = var.codec_key_id
  openai_api_key             = var.openai_api_key
  database_url               = var.database_url
}

output "base_url" {
  value = module.askflow.base_url
}

output "namespace" {
  value = module.askflow.namespace
}

# what runs now: a pull request's plan compares against these digests, so that it shows infrastructure changes only
output "deployed_digests" {
  value = {
    gateway    = var.gateway_digest
    worker     = var.worker_digest
    migrations = var.migrations_digest
  }
}

# for the release step (scripts/worker-release.sh): where to set the current worker version
output "temporal" {
  value = module.askflow.temporal
}

output "worker_build_id" {
  value = module.askflow.worker_build_id
}

output "temporal_api_key" {
  value     = module.askflow.temporal_api_key
  sensitive = true
}
