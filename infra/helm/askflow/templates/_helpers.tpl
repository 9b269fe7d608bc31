{{- define "askflow.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "askflow.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
askflow.io/environment: {{ .Values.appEnv }}
{{- end -}}

{{/* selector labels of one component: (dict "ctx" $ "component" "gateway") */}}
{{- define "askflow.selector" -}}
app.kubernetes.io/name: {{ .ctx.Chart.Name }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "askflow.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "askflow.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* an image by digest, or by tag when no digest is given: (dict "image" .Values.image.gateway "name" "gateway") */}}
{{- define "askflow.image" -}}
{{- if .image.digest -}}
{{- if not (regexMatch "^sha256:[a-f0-9]{64}$" .image.digest) -}}
{{- fail (printf "image.%s.digest must look like sha256:<64 hex digits>, got %q" .name .image.digest) -}}
{{- end -}}
{{- printf "%s@%s" .image.repository .image.digest -}}
{{- else if .image.tag -}}
{{- printf "%s:%s" .image.repository .image.tag -}}
{{- else -}}
{{- fail (printf "image.%s.digest (or, for a try-out, image.%s.tag) is required" .name .name) -}}
{{- end -}}
{{- end -}}

{{- define "askflow.checkValues" -}}
{{- if not (has .Values.appEnv (list "staging" "production")) -}}
{{- fail (printf "appEnv must be staging or production, got %q (dev is for ./run.sh only)" .Values.appEnv) -}}
{{- end -}}
{{- if not .Values.temporal.address -}}
{{- fail "temporal.address is required" -}}
{{- end -}}
{{- end -}}

{{/* a variable read from the environment's Secret */}}
{{- define "askflow.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .ctx.Values.existingSecret }}
      key: {{ .key }}
{{- end -}}

{{/* what gateway and worker both read */}}
{{- define "askflow.commonEnv" -}}
- name: APP_ENV
  value: {{ .Values.appEnv | quote }}
- name: TEMPORAL_ADDRESS
  value: {{ .Values.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ .Values.temporal.namespace | quote }}
{{- if .Values.temporal.tls }}
- name: SPRING_TEMPORAL_CONNECTION_ENABLEHTTPS
  value: "true"
{{- end }}
{{- if .Values.secretKeys.temporalApiKey }}
{{ include "askflow.secretEnv" (dict "ctx" . "name" "SPRING_TEMPORAL_CONNECTION_APIKEY" "key" .Values.secretKeys.temporalApiKey) }}
{{- end }}
{{ include "askflow.secretEnv" (dict "ctx" . "name" "DATABASE_URL" "key" .Values.secretKeys.databaseUrl) }}
{{ include "askflow.secretEnv" (dict "ctx" . "name" "ASKFLOW_CODEC_KEYS" "key" .Values.secretKeys.codecKeys) }}
{{ include "askflow.secretEnv" (dict "ctx" . "name" "ASKFLOW_CODEC_KEY_ID" "key" .Values.secretKeys.codecKeyId) }}
- name: SPRING_FLYWAY_ENABLED
  value: {{ .Values.migrations.atStartup | quote }}
{{- range $name, $value := .Values.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* the writable folder a read-only root file system still needs (Tomcat, the SQLite driver's native library) */}}
{{- define "askflow.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end -}}
