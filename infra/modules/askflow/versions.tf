terraform {
  required_version = ">= 1.8.0"

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
