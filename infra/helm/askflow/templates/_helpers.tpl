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

{{/* a worker build's id for Temporal Worker Versioning: the image's tag, else the first 12 hex digits of its digest
     (so staging and production, which run the same digest, run the same build id): (dict "image" …) */}}
{{- define "askflow.workerBuildId" -}}
{{- if .image.tag -}}
{{- .image.tag | replace "." "-" | replace "_" "-" | lower | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- .image.digest | trimPrefix "sha256:" | trunc 12 -}}
{{- end -}}
{{- end -}}

{{/* one worker Deployment: (dict "ctx" $ "name" … "image" … "buildId" "" or the build id) */}}
{{- define "askflow.workerDeployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  namespace: {{ $.ctx.Release.Namespace }}
  labels:
    {{- include "askflow.labels" $.ctx | nindent 4 }}
    app.kubernetes.io/component: worker
    {{- with .buildId }}
    askflow.io/build-id: {{ . | quote }}
    {{- end }}
spec:
  replicas: {{ $.ctx.Values.worker.replicas }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "askflow.selector" (dict "ctx" $.ctx "component" "worker") | nindent 6 }}
      {{- with .buildId }}
      askflow.io/build-id: {{ . | quote }}
      {{- end }}
  strategy:
    # a new worker polls before an old one stops; an old one finishes its running steps (shutdownGrace)
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "askflow.labels" $.ctx | nindent 8 }}
        app.kubernetes.io/component: worker
        {{- with .buildId }}
        askflow.io/build-id: {{ . | quote }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "askflow.serviceAccountName" $.ctx }}
      automountServiceAccountToken: false
      securityContext:
        {{- toYaml $.ctx.Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ $.ctx.Values.worker.terminationGracePeriodSeconds }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "askflow.selector" (dict "ctx" $.ctx "component" "worker") | nindent 14 }}
      containers:
        - name: worker
          image: {{ .image | quote }}
          imagePullPolicy: {{ $.ctx.Values.image.pullPolicy }}
          securityContext:
            {{- toYaml $.ctx.Values.containerSecurityContext | nindent 12 }}
          ports:
            # health and metrics only; no Service points here
            - name: management
              containerPort: {{ $.ctx.Values.worker.port }}
          env:
            {{- include "askflow.commonEnv" $.ctx | nindent 12 }}
            - name: WORKER_PORT
              value: {{ $.ctx.Values.worker.port | quote }}
            - name: ASKFLOW_WORKER_SHUTDOWN_GRACE
              value: {{ $.ctx.Values.worker.shutdownGrace | quote }}
            {{- with .buildId }}
            # Temporal Worker Versioning: this pod polls as version <deployment>.<build id>
            - name: ASKFLOW_WORKER_DEPLOYMENT
              value: {{ $.ctx.Values.worker.versioning.deploymentName | quote }}
            - name: ASKFLOW_WORKER_BUILD_ID
              value: {{ . | quote }}
            {{- end }}
            {{- include "askflow.secretEnv" (dict "ctx" $.ctx "name" "OPENAI_API_KEY" "key" $.ctx.Values.secretKeys.openaiApiKey) | nindent 12 }}
          startupProbe:
            httpGet: { path: /actuator/health/liveness, port: management }
            periodSeconds: 5
            failureThreshold: 36
          livenessProbe:
            httpGet: { path: /actuator/health/liveness, port: management }
            periodSeconds: 10
            failureThreshold: 3
          readinessProbe:
            httpGet: { path: /actuator/health/readiness, port: management }
            periodSeconds: 5
            failureThreshold: 2
          resources:
            {{- toYaml $.ctx.Values.worker.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        {{- include "askflow.tmpVolume" $.ctx | nindent 8 }}
{{- end -}}
