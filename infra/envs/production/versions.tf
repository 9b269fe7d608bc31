terraform {
  required_version = ">= 1.10.0"

  # the same providers as the module; a root module must name those outside hashicorp/ itself
  required_providers {
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.38"
    }
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.0"
    }
    temporalcloud = {
      source  = "temporalio/temporalcloud"
      version = "~> 1.1"
    }
  }
}
