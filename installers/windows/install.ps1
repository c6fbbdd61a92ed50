# Registers lurewatch-host.exe, the lurewatch browser helper, for the
# current user's Chrome (Brave and Vivaldi read Chrome's key), Chromium,
# Edge and Firefox: one manifest per browser family in
# %LOCALAPPDATA%\lurewatch, and a registry key per browser whose default
# value is the manifest's path. -Uninstall removes exactly those keys and
# files. No administrator rights needed (HKCU). Untested: see
# docs/install.md.
#
#   powershell -ExecutionPolicy Bypass -File install.ps1 [-HostPath PATH] [-Uninstall]
param(
    [string] $HostPath,
    [switch] $Uninstall
)
$ErrorActionPreference = 'Stop'
$repo = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
$ids = Get-Content -Raw -LiteralPath (Join-Path $repo 'extension\ids.json') | ConvertFrom-Json
$dir = Join-Path $env:LOCALAPPDATA 'lurewatch'
# The registry keys each manifest family is registered under.
$keys = [ordered]@{
    chromium = @('Software\Google\Chrome', 'Software\Chromium', 'Software\Microsoft\Edge')
    firefox  = @('Software\Mozilla')
}

# Stop with what went wrong and what to do about it.
function Fail([string] $problem, [string] $todo) {
    Write-Host "Problem: $problem"
    Write-Host "What to do: $todo"
    exit 1
}

if ($Uninstall) {
    foreach ($family in $keys.Keys) {
        foreach ($key in $keys[$family]) {
            $path = "HKCU:\$key\NativeMessagingHosts\$($ids.host_name)"
            if (Test-Path -LiteralPath $path) {
                Remove-Item -LiteralPath $path -Force
                Write-Host "Removed $path"
            }
        }
        $manifest = Join-Path $dir "$($ids.host_name)-$family.json"
        if (Test-Path -LiteralPath $manifest) { Remove-Item -LiteralPath $manifest -Force }
    }
    if ((Test-Path -LiteralPath $dir) -and -not (Get-ChildItem -LiteralPath $dir)) {
        Remove-Item -LiteralPath $dir
    }
    Write-Host 'lurewatch is no longer registered with your browsers.'
    exit 0
}

if (-not $HostPath) { $HostPath = Join-Path $repo 'bin\lurewatch-host.exe' }
if (-not (Test-Path -LiteralPath $HostPath -PathType Leaf)) {
    Fail "the browser helper $HostPath does not exist" 'give its place: install.ps1 -HostPath C:\...\bin\lurewatch-host.exe'
}
$HostPath = (Resolve-Path -LiteralPath $HostPath).Path
New-Item -ItemType Directory -Force -Path $dir | Out-Null
foreach ($family in $keys.Keys) {
    $template = Join-Path $repo "installers\manifests\$family.json.in"
    $text = (Get-Content -Raw -LiteralPath $template).
        Replace('@LW_HOST_NAME@', $ids.host_name).
        Replace('@LW_HOST_PATH@', $HostPath.Replace('\', '\\')).
        Replace('@LW_CHROMIUM_ID@', $ids.chromium).
        Replace('@LW_FIREFOX_ID@', $ids.firefox)
    $manifest = Join-Path $dir "$($ids.host_name)-$family.json"
    # UTF-8 without a byte-order mark.
    [System.IO.File]::WriteAllText($manifest, $text)
    foreach ($key in $keys[$family]) {
        $path = "HKCU:\$key\NativeMessagingHosts\$($ids.host_name)"
        New-Item -Path $path -Value $manifest -Force | Out-Null
        Write-Host "Registered for $($key.Split('\')[-1]): $path"
    }
}
Write-Host 'Done. Restart your browser, then add the lurewatch extension (docs/install.md).'
