# The cluster comes from a kubeconfig (the pipeline writes the staging environment's secret KUBECONFIG to a
# file); Temporal Cloud's provider reads its API key from TEMPORAL_CLOUD_API_KEY.
provider "kubernetes" {
  config_path    = var.kubeconfig_path
  config_context = var.kube_context
}

provider "helm" {
  kubernetes = {
    config_path    = var.kubeconfig_path
    config_context = var.kube_context
  }
}

provider "temporalcloud" {}
