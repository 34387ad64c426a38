; Inno Setup 6 script for BeatSync Desktop → dist\BeatSync-Setup-<version>.exe
;
; Do not edit the version here: build_spec/build.py passes it from pyproject.toml:
;   ISCC /DAppVersion=0.1.0 /DSourceDir=dist\BeatSync /DOutputDir=dist
;        /DIconFile=resources\icons\beatsync.ico build_spec\windows\beatsync.iss
;
; Per-user install by default (no admin prompt; teachers' laptops are often locked down);
; "Install for all users" is offered when the user can elevate. Start-menu entry, optional
; desktop icon, uninstaller, and "Open with → BeatSync" for video files.
;
; Languages: English, Simplified Chinese (our own ChineseSimplified.isl next to this script:
; Inno Setup ships no official one), German, French, Spanish. Setup preselects the Windows
; display language (a zh-CN Windows gets Chinese from the first dialog on) and still shows the
; language list, so a Chinese-speaking teacher on an English Windows can pick 简体中文.
; Every text this script adds itself is a [CustomMessages] entry in all five languages.

#ifndef AppVersion
  #error AppVersion is not defined: run build_spec/build.py --installer (it reads pyproject.toml)
#endif
#ifndef AppVersionNumeric
  ; VersionInfoVersion must be numeric (1.2.3[.4]); build.py passes it for versions like 1.0rc1
  #define AppVersionNumeric AppVersion
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\BeatSync"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\..\resources\icons\beatsync.ico"
#endif

#define AppName "BeatSync"
#define AppExe "BeatSync.exe"
#define ProgId "BeatSync.Video"

[Setup]
; AppId must never change: it is how upgrades and the uninstaller find the installation.
AppId={{6A0C8E4B-5F3B-4C1D-9B7E-2D4B1E8A9C31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=BeatSync Desktop team
VersionInfoVersion={#AppVersionNumeric}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir={#OutputDir}
OutputBaseFilename={#AppName}-Setup-{#AppVersion}
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
ChangesAssociations=yes
CloseApplications=yes
MinVersion=10.0
; The first dialog offers the languages, with the Windows display language preselected.
LanguageDetectionMethod=uilanguage
ShowLanguageDialog=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[CustomMessages]
english.AppComment=Put the clean song under a dance-class video
chinesesimplified.AppComment=把原版歌曲配到舞蹈课视频中
german.AppComment=Den Originalsong unter ein Tanzkurs-Video legen
french.AppComment=Placer la chanson d'origine sous une vidéo de cours de danse
spanish.AppComment=Poner la canción original bajo un vídeo de clase de baile
; How Explorer names a video that BeatSync opens (the ProgID's description).
english.VideoTypeName=Video (BeatSync)
chinesesimplified.VideoTypeName=视频 (BeatSync)
german.VideoTypeName=Video (BeatSync)
french.VideoTypeName=Vidéo (BeatSync)
spanish.VideoTypeName=Vídeo (BeatSync)

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller onedir bundle (BeatSync.exe + _internal\).
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade must not mix old and new library versions.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; "Open with → BeatSync" for video files. HKA = HKLM for an all-users install, else HKCU.
; The ProgID describes how to open a video with BeatSync …
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:VideoTypeName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
; … the application registration lists the types it can open (shown in "Open with") …
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".mp4"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".mov"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".m4v"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".mkv"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".avi"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".webm"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".3gp"; ValueData: ""
; … and each extension offers the ProgID in its "Open with" list, without taking the
; default away from the user's player (OpenWithProgids, not the extension's default value).
Root: HKA; Subkey: "Software\Classes\.mp4\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.mov\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.m4v\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.mkv\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.avi\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.webm\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.3gp\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Files the app itself may have created next to the executable (none expected; be tidy).
Type: filesandordirs; Name: "{app}\_internal"
