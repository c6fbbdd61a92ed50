# Removes what install.ps1 registered: the HKCU keys and the manifests.
& (Join-Path $PSScriptRoot 'install.ps1') -Uninstall
