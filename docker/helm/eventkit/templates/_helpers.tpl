{{- define "eventkit.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "eventkit.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "eventkit.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "eventkit.passphraseSecret" -}}
{{- if .Values.keyPassphrase.existingSecret -}}
{{- .Values.keyPassphrase.existingSecret -}}
{{- else -}}
{{- printf "%s-key-passphrase" (include "eventkit.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "eventkit.dbSecret" -}}
{{- if .Values.cloudnativepg.enabled -}}
{{- printf "%s-db-app" (include "eventkit.fullname" .) -}}
{{- else if .Values.database.existingSecret -}}
{{- .Values.database.existingSecret -}}
{{- else -}}
{{- printf "%s-db" (include "eventkit.fullname" .) -}}
{{- end -}}
{{- end -}}

{{- define "eventkit.dbUrl" -}}
{{- if .Values.cloudnativepg.enabled -}}
{{- printf "jdbc:postgresql://%s-db-rw:5432/app" (include "eventkit.fullname" .) -}}
{{- else -}}
{{- required "database.url is required (or cloudnativepg.enabled)" .Values.database.url -}}
{{- end -}}
{{- end -}}
