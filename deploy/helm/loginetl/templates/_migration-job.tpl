{{/* The migration Job, as a named template so that deploy-checks can render it through Helm:
     helm-java's `template` leaves hooks out of its output. */}}
{{- define "loginetl.migrationJob" -}}
# `loginetl migrate` before any runner of this release (re)starts. A hook runs before the chart's
# other objects exist, so it uses the namespace's default service account (it needs no AWS access).
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "loginetl.fullname" . }}-migrate
  labels:
    {{- include "loginetl.labels" . | nindent 4 }}
    app.kubernetes.io/component: migration
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ int .Values.migration.backoffLimit }}
  activeDeadlineSeconds: {{ int .Values.migration.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "loginetl.labels" . | nindent 8 }}
        app.kubernetes.io/component: migration
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "loginetl.podSecurityContext" . | nindent 8 }}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: migrate
          image: {{ include "loginetl.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          args:
            - migrate
          env:
            {{- include "loginetl.databaseEnv" . | nindent 12 }}
          {{- with .Values.migration.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          securityContext:
            {{- include "loginetl.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- include "loginetl.passwordMount" . | nindent 12 }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 64Mi
        {{- include "loginetl.passwordVolume" . | nindent 8 }}
{{- end -}}
