{{/* The release's full name, at most 63 characters (a DNS label). */}}
{{- define "loginetl.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "loginetl.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The runner pods only: the migration Job's pod carries another component, so that neither the
     Service nor the PodDisruptionBudget selects it. */}}
{{- define "loginetl.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: runner
{{- end -}}

{{- define "loginetl.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "loginetl.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "loginetl.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Where the mounted Secrets are. */}}
{{- define "loginetl.keyDir" -}}/var/run/secrets/loginetl/key{{- end -}}
{{- define "loginetl.masterKeyDir" -}}/var/run/secrets/loginetl/master-key{{- end -}}
{{- define "loginetl.passwordDir" -}}/var/run/secrets/loginetl/database{{- end -}}

{{/* The image's user (Dockerfile: useradd --uid 10001, USER 10001:10001). */}}
{{- define "loginetl.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "loginetl.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
{{- end -}}

{{/* What both the runner and the migration Job need to reach the database, and how they log. The
     password is a file by default: a Secret volume is updated in place when the Secret changes, and
     the runner reads the file again whenever the server refuses the password it has. */}}
{{- define "loginetl.databaseEnv" -}}
- name: LOGINETL_JDBC_URL
  value: {{ .Values.database.jdbcUrl | quote }}
- name: PGUSER
  value: {{ .Values.database.user | quote }}
{{- if eq .Values.database.passwordSecret.mountAs "file" }}
- name: LOGINETL_DB_PASSWORD_FILE
  value: {{ printf "%s/%s" (include "loginetl.passwordDir" .) .Values.database.passwordSecret.key | quote }}
{{- else }}
- name: PGPASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.passwordSecret.name }}
      key: {{ .Values.database.passwordSecret.key }}
{{- end }}
- name: LOGINETL_LOG_FORMAT
  value: {{ .Values.logFormat | quote }}
- name: LOGINETL_PARTITION_GRANULARITY
  value: {{ .Values.partitions.granularity | quote }}
- name: LOGINETL_PARTITIONS_AHEAD
  value: {{ int .Values.partitions.ahead | quote }}
{{- with .Values.javaOpts }}
- name: JDK_JAVA_OPTIONS
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* The database password Secret's mount, when it is a file (a container's volumeMounts entry). */}}
{{- define "loginetl.passwordMount" -}}
{{- if eq .Values.database.passwordSecret.mountAs "file" }}
- name: database-password
  mountPath: {{ include "loginetl.passwordDir" . }}
  readOnly: true
{{- end }}
{{- end -}}

{{/* The database password Secret as a volume, when it is a file (a pod's volumes entry). Not a
     subPath mount: those are not updated when the Secret changes. */}}
{{- define "loginetl.passwordVolume" -}}
{{- if eq .Values.database.passwordSecret.mountAs "file" }}
- name: database-password
  secret:
    secretName: {{ .Values.database.passwordSecret.name }}
    defaultMode: 288 # 0440
    items:
      - key: {{ .Values.database.passwordSecret.key }}
        path: {{ .Values.database.passwordSecret.key }}
{{- end }}
{{- end -}}

{{/* The most runner pods that can exist at once: the autoscaler's ceiling (or the fixed count) plus
     the rolling update's surge. */}}
{{- define "loginetl.maxPods" -}}
{{- $replicas := ternary (int .Values.keda.maxReplicaCount) (int .Values.replicaCount) .Values.keda.enabled -}}
{{- add $replicas (int .Values.rollingUpdate.maxSurge) -}}
{{- end -}}

{{/* Settings that are each valid alone but not together: the render fails with one sentence. */}}
{{- define "loginetl.validate" -}}
{{/* A runner pod holds a pool of pipeline.writers + 1 connections, opens one more for /health's
     database check, which runs once at a time however many probes ask, and one for the daily making
     of partitions ahead; the migration Job holds one for its lock while Flyway uses two more, and
     the retention CronJob one. etl-app's RunnerConnections states the same counts, and a test
     checks the runner against them. */}}
{{- $perPod := add (int .Values.pipeline.writers) 3 -}}
{{- $maxPods := int (include "loginetl.maxPods" .) -}}
{{- $migration := add (ternary 3 0 .Values.migration.enabled) (ternary 1 0 .Values.retention.enabled) -}}
{{- $connections := add (mul $maxPods $perPod) $migration -}}
{{- if gt (int $connections) (int .Values.database.connectionBudget) -}}
{{- fail (printf "database connections: up to %d runner pods (%s %d + rollingUpdate.maxSurge %d) × (pipeline.writers %d + 3) + %d for the migration and retention jobs = %d, more than database.connectionBudget %d: lower the replicas or pipeline.writers, or raise the budget if the server allows it" $maxPods (ternary "keda.maxReplicaCount" "replicaCount" .Values.keda.enabled) (ternary (int .Values.keda.maxReplicaCount) (int .Values.replicaCount) .Values.keda.enabled) (int .Values.rollingUpdate.maxSurge) (int .Values.pipeline.writers) $migration (int $connections) (int .Values.database.connectionBudget)) -}}
{{- end -}}
{{- if and .Values.keda.enabled (gt (int .Values.keda.minReplicaCount) (int .Values.keda.maxReplicaCount)) -}}
{{- fail (printf "keda.minReplicaCount %d is above keda.maxReplicaCount %d" (int .Values.keda.minReplicaCount) (int .Values.keda.maxReplicaCount)) -}}
{{- end -}}
{{- if and .Values.keda.enabled .Values.keda.scaleOnInFlight (lt (int .Values.keda.queueLength) (int .Values.pipeline.maxInFlight)) -}}
{{- fail (printf "keda.scaleOnInFlight counts the up to %d messages each replica holds (pipeline.maxInFlight), so keda.queueLength %d below that would make replicas ask for more replicas: raise queueLength to at least %d, or set scaleOnInFlight to false" (int .Values.pipeline.maxInFlight) (int .Values.keda.queueLength) (int .Values.pipeline.maxInFlight)) -}}
{{- end -}}
{{- if and (eq (int .Values.rollingUpdate.maxSurge) 0) (eq (int .Values.rollingUpdate.maxUnavailable) 0) -}}
{{- fail "rollingUpdate.maxSurge and rollingUpdate.maxUnavailable are both 0: a rolling update could never proceed; set one of them to 1" -}}
{{- end -}}
{{- end -}}
