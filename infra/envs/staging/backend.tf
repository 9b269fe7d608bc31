# Remote state: one object per environment in a versioned, encrypted S3 bucket, locked while applied.
# The state holds this environment's secrets (they are variables of the module): only the pipeline's
# staging credentials may read it.
terraform {
  backend "s3" {
    bucket       = "askflow-tofu-state"
    key          = "staging/askflow.tfstate"
    region       = "eu-central-1"
    encrypt      = true
    use_lockfile = true
  }
}
