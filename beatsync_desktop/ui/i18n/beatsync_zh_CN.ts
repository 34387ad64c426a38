<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../dialogs.py" line="16"/>
        <source>Choose the class video</source>
        <translation>选择课堂视频</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="17"/>
        <source>Videos ({0});;All files (*)</source>
        <translation>视频 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="24"/>
        <source>Choose the song</source>
        <translation>选择歌曲</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="25"/>
        <source>Audio and video ({0} {1});;All files (*)</source>
        <translation>音频和视频 ({0} {1});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="32"/>
        <source>Save the synced video as</source>
        <translation>将同步后的视频另存为</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="33"/>
        <source>MP4 video (*.mp4);;QuickTime movie (*.mov)</source>
        <translation>MP4 视频 (*.mp4);;QuickTime 影片 (*.mov)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="40"/>
        <source>None — they are all class videos (batch)</source>
        <translation>都不是 — 全部是课堂视频（批量处理）</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="42"/>
        <source>Which file is the song?</source>
        <translation>哪个文件是歌曲？</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="43"/>
        <source>You dropped several videos. Which one holds the clean song?</source>
        <translation>您拖入了多个视频。哪一个包含原版歌曲？</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="53"/>
        <source>Stop syncing?</source>
        <translation>停止同步？</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="54"/>
        <source>A video is being synced. Stop it and close BeatSync? Nothing will be written.</source>
        <translation>正在同步视频。要停止并关闭 BeatSync 吗？不会写入任何文件。</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <location filename="../views/drop_zone.py" line="129"/>
        <source>CLASS VIDEO</source>
        <translation>课堂视频</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="130"/>
        <source>Drop the class video here</source>
        <translation>把课堂视频拖到这里</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="131"/>
        <source>The phone recording of the dance. Several videos make a batch.</source>
        <translation>用手机拍的舞蹈视频。放入多个视频即为批量处理。</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="132"/>
        <location filename="../views/drop_zone.py" line="138"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="133"/>
        <source>Choose the class video (Ctrl+O)</source>
        <translation>选择课堂视频 (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="135"/>
        <source>SONG</source>
        <translation>歌曲</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="136"/>
        <source>Drop the song here</source>
        <translation>把歌曲拖到这里</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="137"/>
        <source>The clean music file the class danced to.</source>
        <translation>跳舞时用的原版音乐文件。</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="139"/>
        <source>Choose the song (Ctrl+Shift+O)</source>
        <translation>选择歌曲 (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="140"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <location filename="../../core/messages.py" line="33"/>
        <source>The {name} must be a number of {unit} between {low:g} and {high:g}, not {value!r}.</source>
        <translation>{name}必须是 {low:g} 到 {high:g} 之间的数字（单位：{unit}），而不是 {value!r}。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="36"/>
        <source>Between two runs of the song the output can hold the video&apos;s own sound or silence ({choices}), not {value!r}.</source>
        <translation>两遍歌曲之间，输出可以保留视频自己的声音或静音（{choices}），而不是 {value!r}。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="39"/>
        <source>Choose one: a file for every run of the song, or only the longest run.</source>
        <translation>请二选一：每一遍歌曲各写一个文件，或者只保留最长的一遍。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="41"/>
        <source>Runs of the song are numbered from 1 and separated by commas (for example 1,3), not {value!r}.</source>
        <translation>歌曲的遍数从 1 开始编号，用逗号分隔（例如 1,3），不能是 {value!r}。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="44"/>
        <source>Run {run} is asked for twice.</source>
        <translation>第 {run} 遍被指定了两次。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="45"/>
        <source>There is no run {run}: the song plays {count} times in this video (runs 1 to {count}).</source>
        <translation>没有第 {run} 遍：这段视频里歌曲共播放了 {count} 遍（第 1 到第 {count} 遍）。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="48"/>
        <source>There is no run {run}: the song plays once in this video.</source>
        <translation>没有第 {run} 遍：这段视频里歌曲只播放了一遍。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="50"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：没有写入任何文件。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="53"/>
        <source>That file name cannot be used: {path}</source>
        <translation>无法使用这个文件名：{path}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="54"/>
        <source>{name} is a link to a file that no longer exists: choose the file itself.</source>
        <translation>{name} 是一个指向已不存在文件的链接：请直接选择文件本身。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="56"/>
        <source>That is a folder, not a media file: {path}</source>
        <translation>这是一个文件夹，不是媒体文件：{path}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="57"/>
        <source>{name} is not an ordinary file (it is a pipe, device or socket); save the video or song as a file and choose that.</source>
        <translation>{name} 不是普通文件（而是管道、设备或套接字）；请把视频或歌曲另存为文件后再选择它。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="60"/>
        <source>No permission to read {name}.</source>
        <translation>没有读取 {name} 的权限。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="61"/>
        <source>{name} is empty (0 bytes).</source>
        <translation>{name} 是空文件（0 字节）。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="62"/>
        <source>{name} holds no media data, only empty space: it was never completely written, or the copy failed. Copy it again.</source>
        <translation>{name} 里没有媒体数据，只有空白：它没有被完整写入，或者复制失败了。请重新复制。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="65"/>
        <source>{name} is damaged or incomplete — was the recording interrupted? Its index cannot be read, so it cannot be used as it is; if the phone still has it, copy it again.</source>
        <translation>{name} 已损坏或不完整——录制是否被中断了？它的索引无法读取，所以不能直接使用；如果手机里还有原文件，请重新复制。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="69"/>
        <source>{name} is not a video or audio file that can be read (or it is damaged beyond reading).</source>
        <translation>{name} 不是可读取的视频或音频文件（或者已损坏到无法读取）。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="72"/>
        <source>{name} has neither sound nor picture.</source>
        <translation>{name} 既没有声音也没有画面。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="73"/>
        <source>{name} is incomplete: it ends before its own description of it does — was the recording or the copy interrupted? If it plays in other apps, copy it from the phone again, or export it again.</source>
        <translation>{name} 不完整：文件在其自身描述的结尾之前就结束了——录制或复制是否被中断了？如果它在其他应用里能播放，请从手机重新复制，或重新导出。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="77"/>
        <source>{name} is damaged or incomplete — was the recording or the copy interrupted? If it plays in other apps, copy it from the phone again, or export it again.</source>
        <translation>{name} 已损坏或不完整——录制或复制是否被中断了？如果它在其他应用里能播放，请从手机重新复制，或重新导出。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="81"/>
        <source>The {what} in {name} is damaged or incomplete — was the recording or the copy interrupted? If it plays in other apps, copy it from the phone again, or export it again.</source>
        <translation>{name} 中的{what}已损坏或不完整——录制或复制是否被中断了？如果它在其他应用里能播放，请从手机重新复制，或重新导出。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="85"/>
        <source>{name} is damaged: its header describes parts far larger than the file. If it plays in other apps, copy it from the phone again, or export it again.</source>
        <translation>{name} 已损坏：它的文件头描述的内容远大于文件本身。如果它在其他应用里能播放，请从手机重新复制，或重新导出。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="88"/>
        <source>{name} uses a format that is not supported. Convert it to a common format (MP4 for a video, MP3 or M4A for a song) and try again.</source>
        <translation>{name} 使用了不受支持的格式。请把它转换成常见格式（视频用 MP4，歌曲用 MP3 或 M4A）后再试。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="91"/>
        <source>{name} uses a format that is not supported: {format}. Convert it to a common format (MP4 for a video, MP3 or M4A for a song) and try again.</source>
        <translation>{name} 使用了不受支持的格式：{format}。请把它转换成常见格式（视频用 MP4，歌曲用 MP3 或 M4A）后再试。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="94"/>
        <source>The {what} in {name} uses a format that is not supported. Convert it to a common format (MP4 for a video, MP3 or M4A for a song) and try again.</source>
        <translation>{name} 中的{what}使用了不受支持的格式。请把它转换成常见格式（视频用 MP4，歌曲用 MP3 或 M4A）后再试。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="97"/>
        <source>The {what} in {name} uses a format that is not supported: {format}. Convert it to a common format (MP4 for a video, MP3 or M4A for a song) and try again.</source>
        <translation>{name} 中的{what}使用了不受支持的格式：{format}。请把它转换成常见格式（视频用 MP4，歌曲用 MP3 或 M4A）后再试。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="100"/>
        <source>The {what} in {name} is in a format that is not supported, or its description is damaged. Convert it to a common format (MP4 for a video, MP3 or M4A for a song) and try again.</source>
        <translation>{name} 中的{what}格式不受支持，或者它的描述已损坏。请把它转换成常见格式（视频用 MP4，歌曲用 MP3 或 M4A）后再试。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="104"/>
        <source>File not found: {path}</source>
        <translation>找不到文件：{path}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="105"/>
        <source>{name} is a link that points to itself; choose the file it should lead to.</source>
        <translation>{name} 是一个指向自身的链接；请选择它本应指向的文件。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="107"/>
        <source>The name or folder path of {name} is too long for this system; rename it.</source>
        <translation>{name} 的文件名或文件夹路径对这个系统来说太长了；请重命名。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="109"/>
        <source>{name} could not be read from its disk. If it plays in other apps, copy it from the phone again, or export it again.</source>
        <translation>无法从磁盘读取 {name}。如果它在其他应用里能播放，请从手机重新复制，或重新导出。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="112"/>
        <source>{name} could not be read: it is damaged or in a format that is not supported.</source>
        <translation>无法读取 {name}：它已损坏，或者格式不受支持。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="115"/>
        <source>The {what} in {name} could not be read: it is damaged or in a format that is not supported.</source>
        <translation>无法读取 {name} 中的{what}：它已损坏，或者格式不受支持。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="120"/>
        <source>{name} has no picture: choose the dance video as the first file.</source>
        <translation>{name} 没有画面：请把舞蹈视频作为第一个文件。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="122"/>
        <source>{name} has no sound track, so there is nothing to match the song against.</source>
        <translation>{name} 没有音轨，所以没有可以和歌曲比对的声音。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="124"/>
        <source>{name} has no sound track: choose the song file (or a video that carries the song).</source>
        <translation>{name} 没有音轨：请选择歌曲文件（或带有这首歌的视频）。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="127"/>
        <source>{name} has no sound track.</source>
        <translation>{name} 没有音轨。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="128"/>
        <source>The sound track of {name} is empty.</source>
        <translation>{name} 的音轨是空的。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="131"/>
        <source>The song was not found in the dance video&apos;s sound. Check that the reference is the same recording of the song, and that the music is audible in the video.</source>
        <translation>在舞蹈视频的声音里没有找到这首歌。请确认参考文件是这首歌的同一个录音版本，并且视频里能听到音乐。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="134"/>
        <source>The dance video is silent: there is no music in it to match.</source>
        <translation>舞蹈视频是静音的：里面没有可以匹配的音乐。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="136"/>
        <source>The song and the video do not overlap at the place the match found, so there is nothing to put under the picture.</source>
        <translation>在匹配找到的位置，歌曲和视频没有重叠，所以没有可以放到画面下的音乐。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="139"/>
        <source>With the offset {offset:+.3f} s the song and the video do not overlap (the video is {video:.1f} s long, the song {song:.1f} s): choose an offset between {low:+.1f} and {high:+.1f} s.</source>
        <translation>偏移量为 {offset:+.3f} 秒时，歌曲和视频没有重叠（视频长 {video:.1f} 秒，歌曲长 {song:.1f} 秒）：请选择 {low:+.1f} 到 {high:+.1f} 秒之间的偏移量。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="143"/>
        <source>With the offset {offset:+.3f} s the song and the video do not overlap (the video is {video:.1f} s long): choose an offset above {low:+.1f} s.</source>
        <translation>偏移量为 {offset:+.3f} 秒时，歌曲和视频没有重叠（视频长 {video:.1f} 秒）：请选择大于 {low:+.1f} 秒的偏移量。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="146"/>
        <source>Nothing is left to keep: the picture is black or frozen while the music plays. Turn off the picture trim and try again.</source>
        <translation>没有可以保留的内容：音乐播放期间画面是黑屏或静止的。请关闭画面修剪后再试。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="151"/>
        <source>The picture of {name} is {codec}, which cannot be copied untouched into an MP4, MOV or MKV file. Convert the video to MP4 (H.264) first, e.g. with HandBrake or Shotcut.</source>
        <translation>{name} 的画面是 {codec} 格式，无法原样复制到 MP4、MOV 或 MKV 文件中。请先把视频转换成 MP4（H.264），例如用 HandBrake 或 Shotcut。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="155"/>
        <source>The picture of {name} is damaged: its description cannot be read well enough to copy it. If it plays in other apps, export it again from the phone or editor.</source>
        <translation>{name} 的画面已损坏：它的描述无法完整读取，因而无法复制。如果它在其他应用里能播放，请从手机或编辑软件重新导出。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="159"/>
        <source>{format} files cannot hold the {codec} picture of {name} untouched: name the output {suffixes} instead (e.g. {example}).</source>
        <translation>{format} 文件无法原样容纳 {name} 的 {codec} 画面：请把输出文件命名为 {suffixes}（例如 {example}）。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="162"/>
        <source>{format} files cannot hold the {codec} picture of {name} untouched, so the result is {new_format}: {output}.</source>
        <translation>{format} 文件无法原样容纳 {name} 的 {codec} 画面，所以结果保存为 {new_format}：{output}。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="165"/>
        <source>The picture in {name} is damaged at {seconds:.1f} s and cannot be copied. If the video plays in other apps, export it again from the phone or editor.</source>
        <translation>{name} 的画面在 {seconds:.1f} 秒处已损坏，无法复制。如果视频在其他应用里能播放，请从手机或编辑软件重新导出。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="168"/>
        <source>The picture in {name} could not be read between {start:.1f} s and {end:.1f} s: the video is damaged there.</source>
        <translation>无法读取 {name} 在 {start:.1f} 秒到 {end:.1f} 秒之间的画面：视频在那里已损坏。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="173"/>
        <source>The output must be an .mp4, .mov or .mkv file, not &apos;{suffix}&apos;.</source>
        <translation>输出文件必须是 .mp4、.mov 或 .mkv 文件，而不是“{suffix}”。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="175"/>
        <source>The output must be an .mp4, .mov or .mkv file, not a name without an extension.</source>
        <translation>输出文件必须是 .mp4、.mov 或 .mkv 文件，而不是没有扩展名的名称。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="178"/>
        <source>The output name {name} is a link that leads nowhere (it points to itself); choose another name.</source>
        <translation>输出名称 {name} 是一个无效链接（指向自身）；请换一个名称。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="181"/>
        <source>The output name {name} is a link to a place that does not exist; choose another name.</source>
        <translation>输出名称 {name} 是一个指向不存在位置的链接；请换一个名称。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="184"/>
        <source>The output would overwrite an input file; choose another name.</source>
        <translation>输出会覆盖一个输入文件；请换一个名称。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="186"/>
        <source>The output {name} is a folder: give a file name, e.g. {name}/result.mp4.</source>
        <translation>输出 {name} 是一个文件夹：请给出文件名，例如 {name}/result.mp4。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="188"/>
        <source>The output {name} exists and is not an ordinary file; choose another name.</source>
        <translation>输出 {name} 已存在且不是普通文件；请换一个名称。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="190"/>
        <source>The output folder does not exist: {folder}</source>
        <translation>输出文件夹不存在：{folder}</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="192"/>
        <source>No permission to write in {folder}.</source>
        <translation>没有在 {folder} 中写入的权限。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="194"/>
        <source>The disk is full: could not write {name}. Free some space or choose another folder.</source>
        <translation>磁盘已满：无法写入 {name}。请腾出一些空间，或选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="197"/>
        <source>Your disk quota is used up: could not write {name}.</source>
        <translation>你的磁盘配额已用完：无法写入 {name}。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="199"/>
        <source>{name} would be larger than this disk allows for one file (a FAT32 memory stick?): choose another disk.</source>
        <translation>{name} 会超过这个磁盘允许的单个文件大小（是 FAT32 格式的U盘吗？）：请选择其他磁盘。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="202"/>
        <source>No permission to write {name} in {folder}.</source>
        <translation>没有在 {folder} 中写入 {name} 的权限。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="204"/>
        <source>Could not write {name}: {folder} is on a read-only disk; choose another folder.</source>
        <translation>无法写入 {name}：{folder} 位于只读磁盘上；请选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="207"/>
        <source>Could not write {name}: its folder is gone ({folder}).</source>
        <translation>无法写入 {name}：它所在的文件夹已不存在（{folder}）。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="209"/>
        <source>The output name is too long for this disk: choose a shorter name than {name}.</source>
        <translation>输出名称对这个磁盘来说太长了：请选择比 {name} 更短的名称。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="212"/>
        <source>The disk failed while {name} was written (was it unplugged?): try again, or choose another folder.</source>
        <translation>写入 {name} 时磁盘出错（是否被拔出了？）：请重试，或选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="215"/>
        <source>Could not write {name} in {folder}: choose another folder and try again.</source>
        <translation>无法在 {folder} 中写入 {name}：请选择其他文件夹后重试。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="219"/>
        <source>{name} ends early (an interrupted recording?): used the {seconds:.1f} s that could be read.</source>
        <translation>{name} 提前结束了（录制被中断了吗？）：使用了能读取的 {seconds:.1f} 秒。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="222"/>
        <source>The {what}&apos;s sound ends early (damaged or cut off at {seconds:.1f} s); used what could be read.</source>
        <translation>{what}的声音提前结束了（在 {seconds:.1f} 秒处损坏或中断）；使用了能读取的部分。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="225"/>
        <source>The dance video&apos;s sound has gaps ({seconds:.2f} s in all); they were kept as silence so the timing stays right.</source>
        <translation>舞蹈视频的声音有间断（共 {seconds:.2f} 秒）；这些部分以静音保留，以保证时间准确。</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="228"/>
        <source>The match is uncertain: check the result, or try the runner-up.</source>
        <translation>匹配不确定：请检查结果，或尝试次优位置。</translation>
    </message>
</context>
<context>
    <name>EngineTerm</name>
    <message>
        <location filename="../../core/messages.py" line="234"/>
        <source>sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="235"/>
        <source>picture</source>
        <translation>画面</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="236"/>
        <source>dance video</source>
        <translation>舞蹈视频</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="237"/>
        <source>reference</source>
        <translation>参考歌曲</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="238"/>
        <source>margin</source>
        <translation>余量</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="239"/>
        <source>fade</source>
        <translation>淡入淡出</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="240"/>
        <source>speaker distance</source>
        <translation>扬声器距离</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="241"/>
        <source>offset</source>
        <translation>偏移量</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="242"/>
        <source>bit rate</source>
        <translation>码率</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="243"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="244"/>
        <source>metres</source>
        <translation>米</translation>
    </message>
    <message>
        <location filename="../../core/messages.py" line="245"/>
        <source>kbit/s</source>
        <translation>kbit/s</translation>
    </message>
</context>
<context>
    <name>ErrorPanel</name>
    <message>
        <location filename="../views/result_panel.py" line="63"/>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <location filename="../views/result_panel.py" line="64"/>
        <source>An unexpected error stopped the job for “{0}”. Nothing was written. The details are in the log file.</source>
        <translation>意外错误中断了“{0}”的处理，没有写入任何文件。详细信息见日志文件。</translation>
    </message>
    <message>
        <location filename="../views/result_panel.py" line="71"/>
        <source>Could not sync “{0}”</source>
        <translation>无法同步“{0}”</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../diagnostics.py" line="112"/>
        <source>BeatSync — unexpected error</source>
        <translation>BeatSync — 意外错误</translation>
    </message>
    <message>
        <location filename="../diagnostics.py" line="113"/>
        <source>Something went wrong inside BeatSync. Your files are safe; the details were written to the log file.</source>
        <translation>BeatSync 内部出了问题。您的文件不受影响；详细信息已写入日志文件。</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <location filename="../history_model.py" line="37"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="38"/>
        <source>Done · output missing</source>
        <translation>完成 · 输出文件不见了</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="39"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="40"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="41"/>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="42"/>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="43"/>
        <source>Running</source>
        <translation>正在运行</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="47"/>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="48"/>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="48"/>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="56"/>
        <source>offset {0}</source>
        <translation>偏移 {0}</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="58"/>
        <source>confidence {0} ({1} %)</source>
        <translation>可信度{0}（{1} %）</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="62"/>
        <source>“{0}” was moved or deleted</source>
        <translation>“{0}”已被移动或删除</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="67"/>
        <source>BeatSync stopped before this job finished.</source>
        <translation>BeatSync 在此任务完成前停止了。</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="69"/>
        <source>Cancelled: nothing was written.</source>
        <translation>已取消：没有写入任何文件。</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="73"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="130"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="130"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="131"/>
        <source>Class video</source>
        <translation>课堂视频</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="131"/>
        <source>Song</source>
        <translation>歌曲</translation>
    </message>
    <message>
        <location filename="../history_model.py" line="132"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location filename="../views/history_view.py" line="80"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="81"/>
        <source>&amp;Find:</source>
        <translation>查找(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="82"/>
        <source>Part of a file name (video, song or output)</source>
        <translation>文件名的一部分（视频、歌曲或输出）</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="83"/>
        <source>No jobs yet. Synced videos are listed here.</source>
        <translation>还没有任务。同步过的视频会列在这里。</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="84"/>
        <source>Re-run and retry with the window&apos;s current settings (instead of the job&apos;s own)</source>
        <translation>重新运行和重试时使用窗口当前的设置（而不是该任务自己的设置）</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="86"/>
        <source>&amp;Open result</source>
        <translation>打开结果(&amp;O)</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="87"/>
        <source>Show in &amp;folder</source>
        <translation>在文件夹中显示(&amp;F)</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="88"/>
        <source>&amp;Re-run</source>
        <translation>重新运行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="89"/>
        <source>Sync the same files again as a new job</source>
        <translation>作为新任务再次同步相同的文件</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="90"/>
        <source>Re&amp;try</source>
        <translation>重试(&amp;T)</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="91"/>
        <source>Run a failed, cancelled or interrupted job again</source>
        <translation>再次运行失败、已取消或已中断的任务</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="92"/>
        <source>Remove from history</source>
        <translation>从历史记录中删除</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="93"/>
        <source>Forget this job; its files stay where they are</source>
        <translation>忘记此任务；它的文件保留在原处</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="94"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>HistoryLink</name>
    <message>
        <location filename="../history_link.py" line="55"/>
        <source>The job history could not be saved, so this job may be missing from it. Syncing is not affected.</source>
        <translation>无法保存任务历史记录，因此此任务可能不在其中。同步不受影响。</translation>
    </message>
    <message>
        <location filename="../history_link.py" line="61"/>
        <source>The job history could not be read. It was moved to “{0}” and a new one was started. Your videos are not affected.</source>
        <translation>无法读取任务历史记录。它已被移到“{0}”，并已新建一个历史记录。您的视频不受影响。</translation>
    </message>
    <message>
        <location filename="../history_link.py" line="65"/>
        <source>The job history was written by a newer BeatSync and is left as it is; this session&apos;s jobs are remembered until BeatSync closes.</source>
        <translation>任务历史记录由更新版本的 BeatSync 写入，已保持原样；本次的任务只记到 BeatSync 关闭为止。</translation>
    </message>
    <message>
        <location filename="../history_link.py" line="67"/>
        <source>The job history cannot be used ({0}); this session&apos;s jobs are remembered until BeatSync closes.</source>
        <translation>无法使用任务历史记录（{0}）；本次的任务只记到 BeatSync 关闭为止。</translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message>
        <location filename="../history_window.py" line="60"/>
        <source>{0}  (song: {1})</source>
        <translation>{0}（歌曲：{1}）</translation>
    </message>
    <message>
        <location filename="../history_window.py" line="133"/>
        <source>Class video: {0}</source>
        <translation>课堂视频：{0}</translation>
    </message>
    <message>
        <location filename="../history_window.py" line="134"/>
        <source>Song: {0}</source>
        <translation>歌曲：{0}</translation>
    </message>
    <message>
        <location filename="../history_window.py" line="136"/>
        <source>Output: {0} (moved or deleted since)</source>
        <translation>输出：{0}（之后已被移动或删除）</translation>
    </message>
    <message>
        <location filename="../history_window.py" line="138"/>
        <source>Output: {0}</source>
        <translation>输出：{0}</translation>
    </message>
    <message>
        <location filename="../history_window.py" line="143"/>
        <source>Runs: {0}</source>
        <translation>运行次数：{0}</translation>
    </message>
    <message>
        <location filename="../history_window.py" line="162"/>
        <source>Wait until the current job ends.</source>
        <translation>请等待当前任务结束。</translation>
    </message>
    <message>
        <location filename="../history_window.py" line="190"/>
        <source>This job is still waiting or running; it stays in the history.</source>
        <translation>此任务仍在等待或运行中；它会保留在历史记录中。</translation>
    </message>
</context>
<context>
    <name>MainController</name>
    <message>
        <location filename="../controller.py" line="197"/>
        <source>Added when the current job ends.</source>
        <translation>将在当前任务结束后添加。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../views/main_window.py" line="208"/>
        <source>BeatSync</source>
        <translation>BeatSync</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="209"/>
        <source>&amp;Save as:</source>
        <translation>保存为(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="210"/>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="211"/>
        <source>Next to the class video</source>
        <translation>保存在课堂视频旁边</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="212"/>
        <source>&amp;Trim to the music</source>
        <translation>按音乐剪辑(&amp;T)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="213"/>
        <source>Cut the lead-in and the tail where the song is not playing. Off: keep the whole video.</source>
        <translation>剪掉开头和结尾没有音乐的部分。关闭时保留整个视频。</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="216"/>
        <source>&amp;Margin</source>
        <translation>余量(&amp;M)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="216"/>
        <location filename="../views/main_window.py" line="218"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="217"/>
        <source>Seconds kept before the music starts and after it ends</source>
        <translation>音乐开始前和结束后保留的秒数</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="218"/>
        <source>&amp;Fade</source>
        <translation>淡入淡出(&amp;F)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="219"/>
        <source>Length of the audio fade-in and fade-out at the cuts</source>
        <translation>剪辑处音频淡入、淡出的时长</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="220"/>
        <source>Speaker &amp;distance</source>
        <translation>音箱距离(&amp;D)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="220"/>
        <source> m</source>
        <translation> 米</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="221"/>
        <source>How far the phone was from the loudspeaker. Sound arrives ~3 ms late per metre; this moves the music back in step with the picture.</source>
        <translation>手机离音箱有多远。声音每米约晚到 3 毫秒；此设置让音乐与画面重新对齐。</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="226"/>
        <source>When the song plays several times, &amp;write:</source>
        <translation>歌曲播放了多遍时，写成(&amp;W)：</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="227"/>
        <source>one file, first run to last</source>
        <translation>一个文件（从第一遍到最后一遍）</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="228"/>
        <source>one file per run</source>
        <translation>每一遍一个文件</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="229"/>
        <source>A restart, a pause, the song twice: one video from the first run to the last, or a video for each run (…_run1.mp4, …_run2.mp4)</source>
        <translation>重新开始、暂停、歌曲放了两遍：写成一个从第一遍到最后一遍的视频，或者每一遍各写一个视频（…_run1.mp4、…_run2.mp4）</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="232"/>
        <source>&amp;Between runs:</source>
        <translation>两遍之间(&amp;B)：</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="233"/>
        <source>the room&apos;s sound</source>
        <translation>现场原声</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="233"/>
        <source>silence</source>
        <translation>静音</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="235"/>
        <source>What the one file plays between two runs of the song: the class&apos;s own sound (the teacher&apos;s words), or silence</source>
        <translation>单个文件在两遍歌曲之间放什么：课堂的原声（老师的讲解），或者静音</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="238"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="239"/>
        <source>Sync the video (Ctrl+Enter)</source>
        <translation>同步视频 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="240"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="241"/>
        <source>Stop; nothing is written (Esc)</source>
        <translation>停止；不写入任何文件 (Esc)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="242"/>
        <source>Open &amp;class video…</source>
        <translation>打开课堂视频(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="243"/>
        <source>Open &amp;song…</source>
        <translation>打开歌曲(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="244"/>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="245"/>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="246"/>
        <source>&amp;Play result</source>
        <translation>播放结果(&amp;P)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="247"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="248"/>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="249"/>
        <source>&amp;History…</source>
        <translation>历史记录(&amp;H)…</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="250"/>
        <source>&amp;Retry this video</source>
        <translation>重试此视频(&amp;R)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="251"/>
        <source>History…</source>
        <translation>历史记录…</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="252"/>
        <source>Past jobs: open, re-run, retry (Ctrl+H)</source>
        <translation>以往的任务：打开、重新运行、重试（Ctrl+H）</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="253"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="254"/>
        <source>Run this video again, with the settings it ran with (Ctrl+R)</source>
        <translation>用上次运行时的设置再次运行此视频（Ctrl+R）</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="256"/>
        <source>&amp;About BeatSync</source>
        <translation>关于 BeatSync(&amp;A)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="257"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="258"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="259"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="261"/>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="264"/>
        <source>Class video</source>
        <translation>课堂视频</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="264"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="264"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="265"/>
        <source>▶ Play here</source>
        <translation>▶ 在此播放</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="266"/>
        <source>Open in player</source>
        <translation>用播放器打开</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="267"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="268"/>
        <source>Song</source>
        <translation>歌曲</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="269"/>
        <source>Clean song, aligned</source>
        <translation>原版歌曲（已对齐）</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="270"/>
        <source>Class recording</source>
        <translation>课堂录音</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="271"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="272"/>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
</context>
<context>
    <name>PlayerWidget</name>
    <message>
        <location filename="../player.py" line="95"/>
        <source>Cannot play here: {0}. Use “Open in player”.</source>
        <translation>无法在此播放：{0}。请使用“用播放器打开”。</translation>
    </message>
</context>
<context>
    <name>Presenter</name>
    <message>
        <location filename="../presenter.py" line="64"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="25"/>
        <source>“{0}” does not exist.</source>
        <translation>“{0}”不存在。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="26"/>
        <source>“{0}” is a folder, not a video or audio file.</source>
        <translation>“{0}”是文件夹，不是视频或音频文件。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="28"/>
        <source>“{0}” is not a video or audio file.</source>
        <translation>“{0}”不是视频或音频文件。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="73"/>
        <source>It could not be read.</source>
        <translation>无法读取。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="74"/>
        <source>Cannot use “{0}”: {1}</source>
        <translation>无法使用“{0}”：{1}</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="29"/>
        <source>Only one song can be used; “{0}” was left out.</source>
        <translation>只能使用一首歌曲，已忽略“{0}”。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="31"/>
        <source>“{0}” has no picture, so it was taken as the song.</source>
        <translation>“{0}”没有画面，已作为歌曲使用。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="33"/>
        <source>“{0}” has no sound, so it cannot be the song.</source>
        <translation>“{0}”没有声音，不能作为歌曲。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="35"/>
        <source>“{0}” has no sound, so the song cannot be found in it.</source>
        <translation>“{0}”没有声音，无法在其中找到歌曲。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="88"/>
        <source>{0} class videos</source>
        <translation>{0} 个课堂视频</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="89"/>
        <source>Batch: each one is synced to the same song · {0} in all</source>
        <translation>批量：每个视频都与同一首歌曲同步 · 共 {0}</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="116"/>
        <source>Start batch</source>
        <translation>开始批量处理</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="116"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="127"/>
        <source>Next to each class video (…_beatsync.mp4)</source>
        <translation>保存在各课堂视频旁边（…_beatsync.mp4）</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="131"/>
        <source>Next to the class video</source>
        <translation>保存在课堂视频旁边</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="142"/>
        <source>Working {0} %</source>
        <translation>处理中 {0} %</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="155"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="145"/>
        <source>{0} · confidence {1} · {2}</source>
        <translation>{0} · 可信度{1} · {2}</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="151"/>
        <source>{0} runs</source>
        <translation>{0} 遍</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="152"/>
        <source>{1} of {0} runs</source>
        <translation>{0} 遍中的 {1} 遍</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="154"/>
        <source>(+{0} files)</source>
        <translation>（另有 {0} 个文件）</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="157"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="158"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="160"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="162"/>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="165"/>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="165"/>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="165"/>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="183"/>
        <source>Show match picture</source>
        <translation>显示匹配图</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="184"/>
        <source>▶ Play here</source>
        <translation>▶ 在此播放</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="195"/>
        <source>Cancelled — nothing was written.</source>
        <translation>已取消 — 没有写入任何文件。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="197"/>
        <source>Drop the class video and the song anywhere on this window,
or use the Browse… buttons.</source>
        <translation>把课堂视频和歌曲拖到窗口的任意位置，
或者使用“浏览…”按钮。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="200"/>
        <source>Now add the class video.</source>
        <translation>现在请添加课堂视频。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="202"/>
        <source>Now add the song the class danced to.</source>
        <translation>现在请添加跳舞时用的歌曲。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="204"/>
        <source>Ready: {0} videos will be synced one after another.</source>
        <translation>准备就绪：{0} 个视频将依次同步。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="206"/>
        <source>Ready. Press Start (Ctrl+Enter).</source>
        <translation>准备就绪。请点击“开始”(Ctrl+Enter)。</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="217"/>
        <source>Syncing video {0} of {1}</source>
        <translation>正在同步第 {0} 个视频，共 {1} 个</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="219"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="221"/>
        <source>{0}  →  {1}</source>
        <translation>{0}  →  {1}</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="234"/>
        <source>{0} — {1} %</source>
        <translation>{0} — {1} %</translation>
    </message>
    <message>
        <location filename="../presenter.py" line="249"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>ResultActions</name>
    <message>
        <location filename="../result_actions.py" line="44"/>
        <source>Show match picture</source>
        <translation>显示匹配图</translation>
    </message>
    <message>
        <location filename="../result_actions.py" line="50"/>
        <source>▶ Play here</source>
        <translation>▶ 在此播放</translation>
    </message>
    <message>
        <location filename="../result_actions.py" line="70"/>
        <source>About BeatSync</source>
        <translation>关于 BeatSync</translation>
    </message>
    <message>
        <location filename="../result_actions.py" line="71"/>
        <source>&lt;b&gt;BeatSync {0}&lt;/b&gt;&lt;p&gt;Puts the clean song under a dance-class video, exactly aligned, and trims it to the dance.&lt;/p&gt;</source>
        <translation>&lt;b&gt;BeatSync {0}&lt;/b&gt;&lt;p&gt;把原版歌曲精确对齐地配到舞蹈课视频中，并按舞蹈剪掉多余部分。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <location filename="../views/result_panel.py" line="142"/>
        <source>✓ Done: {0} files, one per run</source>
        <translation>✓ 完成：{0} 个文件，每一遍一个</translation>
    </message>
    <message>
        <location filename="../views/result_panel.py" line="146"/>
        <source>✓ Done: {0}</source>
        <translation>✓ 完成：{0}</translation>
    </message>
    <message>
        <location filename="../views/result_panel.py" line="149"/>
        <source>✓ Analysed: {0}</source>
        <translation>✓ 已分析：{0}</translation>
    </message>
    <message>
        <location filename="../views/result_panel.py" line="152"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../views/result_panel.py" line="153"/>
        <source>Confidence</source>
        <translation>可信度</translation>
    </message>
    <message>
        <location filename="../views/result_panel.py" line="154"/>
        <source>Kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../views/result_panel.py" line="162"/>
        <source>Tempo</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../views/result_panel.py" line="165"/>
        <source>Clock difference between player and phone: {0} ppm (corrected)</source>
        <translation>播放设备与手机的时钟差：{0} ppm（已校正）</translation>
    </message>
    <message>
        <location filename="../views/result_panel.py" line="168"/>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../views/result_panel.py" line="172"/>
        <source>⚠ The match is uncertain. Play the result to check it; if the music is off, try another position the engine found:</source>
        <translation>⚠ 匹配结果不确定。请播放结果检查；如果音乐对不上，可以试试找到的其他位置：</translation>
    </message>
    <message>
        <location filename="../views/result_panel.py" line="175"/>
        <source>Try {0} (score {1} %)</source>
        <translation>试试 {0}（得分 {1} %）</translation>
    </message>
</context>
<context>
    <name>ResumeDialog</name>
    <message>
        <location filename="../views/history_view.py" line="132"/>
        <source>Unfinished jobs</source>
        <translation>未完成的任务</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="133"/>
        <source>Jobs that did not finish last time: {0}</source>
        <translation>上次未完成的任务：{0} 个</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="135"/>
        <source>BeatSync was closed or stopped while these videos were waiting or being synced. Resume them now? “Not now” asks again next time; “Discard” keeps them in the History as interrupted, to retry later.</source>
        <translation>BeatSync 在这些视频等待或同步时被关闭或停止了。现在继续吗？“以后再说”会在下次启动时再问；“放弃”会把它们作为已中断的任务保留在历史记录中，以后可以重试。</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="139"/>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="140"/>
        <source>&amp;Not now</source>
        <translation>以后再说(&amp;N)</translation>
    </message>
    <message>
        <location filename="../views/history_view.py" line="141"/>
        <source>&amp;Discard</source>
        <translation>放弃(&amp;D)</translation>
    </message>
</context>
<context>
    <name>RunsControl</name>
    <message>
        <location filename="../runs.py" line="125"/>
        <source>Tick at least one run.</source>
        <translation>请至少勾选一遍。</translation>
    </message>
    <message>
        <location filename="../runs.py" line="127"/>
        <source>The file already holds these runs.</source>
        <translation>文件里已经是这几遍了。</translation>
    </message>
    <message>
        <location filename="../runs.py" line="133"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../runs.py" line="133"/>
        <source>Song</source>
        <translation>歌曲</translation>
    </message>
    <message>
        <location filename="../runs.py" line="133"/>
        <source>Tempo</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../runs.py" line="133"/>
        <source>Confidence</source>
        <translation>可信度</translation>
    </message>
    <message>
        <location filename="../runs.py" line="134"/>
        <source>Run {0}</source>
        <translation>第 {0} 遍</translation>
    </message>
    <message>
        <location filename="../runs.py" line="135"/>
        <source>▶ Video</source>
        <translation>▶ 视频</translation>
    </message>
    <message>
        <location filename="../runs.py" line="136"/>
        <source>Play the written video from this run&apos;s start</source>
        <translation>从这一遍的开头播放写好的视频</translation>
    </message>
    <message>
        <location filename="../runs.py" line="137"/>
        <source>♪ Song</source>
        <translation>♪ 歌曲</translation>
    </message>
    <message>
        <location filename="../runs.py" line="138"/>
        <source>Play the clean song from where this run starts in it</source>
        <translation>从这一遍在歌曲中的开始处播放原版歌曲</translation>
    </message>
    <message>
        <location filename="../runs.py" line="139"/>
        <source>This run is not in the written video; write again with it ticked, or listen to the song</source>
        <translation>写好的视频里没有这一遍；勾选它后重新写入，或者先听歌曲</translation>
    </message>
    <message>
        <location filename="../runs.py" line="141"/>
        <source>One file</source>
        <translation>一个文件</translation>
    </message>
    <message>
        <location filename="../runs.py" line="142"/>
        <source>One video from the first ticked run to the last</source>
        <translation>一个视频，从勾选的第一遍到最后一遍</translation>
    </message>
    <message>
        <location filename="../runs.py" line="143"/>
        <source>One file per run</source>
        <translation>每一遍一个文件</translation>
    </message>
    <message>
        <location filename="../runs.py" line="144"/>
        <source>A video for each ticked run (…_run1.mp4, …_run2.mp4)</source>
        <translation>每个勾选的遍各写一个视频（…_run1.mp4、…_run2.mp4）</translation>
    </message>
    <message>
        <location filename="../runs.py" line="145"/>
        <source>Write again</source>
        <translation>重新写入</translation>
    </message>
    <message>
        <location filename="../runs.py" line="146"/>
        <source>Write the video again with only the ticked runs</source>
        <translation>只用勾选的遍重新写入视频</translation>
    </message>
</context>
<context>
    <name>Text</name>
    <message>
        <location filename="../text.py" line="16"/>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <location filename="../text.py" line="28"/>
        <source>{0} GB</source>
        <translation>{0} GB</translation>
    </message>
    <message>
        <location filename="../text.py" line="30"/>
        <source>{0} MB</source>
        <translation>{0} MB</translation>
    </message>
    <message>
        <location filename="../text.py" line="31"/>
        <source>{0} kB</source>
        <translation>{0} kB</translation>
    </message>
    <message>
        <location filename="../text.py" line="47"/>
        <source>no sound</source>
        <translation>无声音</translation>
    </message>
    <message>
        <location filename="../text.py" line="58"/>
        <source>The music starts at {0} of the video, at {1} of the song.</source>
        <translation>音乐从视频的 {0} 开始，对应歌曲的 {1}。</translation>
    </message>
    <message>
        <location filename="../text.py" line="67"/>
        <source>Trimmed {0} before the music.</source>
        <translation>剪去音乐开始前的 {0}。</translation>
    </message>
    <message>
        <location filename="../text.py" line="69"/>
        <source>Trimmed {0} after the music.</source>
        <translation>剪去音乐结束后的 {0}。</translation>
    </message>
    <message>
        <location filename="../text.py" line="71"/>
        <source>Cut {0} of black picture at the start.</source>
        <translation>剪去开头 {0} 的黑屏画面。</translation>
    </message>
    <message>
        <location filename="../text.py" line="73"/>
        <source>Cut {0} of black picture at the end.</source>
        <translation>剪去结尾 {0} 的黑屏画面。</translation>
    </message>
    <message>
        <location filename="../text.py" line="75"/>
        <source>Cut {0} of frozen picture at the start.</source>
        <translation>剪去开头 {0} 的静止画面。</translation>
    </message>
    <message>
        <location filename="../text.py" line="77"/>
        <source>Cut {0} of frozen picture at the end.</source>
        <translation>剪去结尾 {0} 的静止画面。</translation>
    </message>
    <message>
        <location filename="../text.py" line="83"/>
        <source>Kept the whole video, as asked.</source>
        <translation>按要求保留了整段视频。</translation>
    </message>
    <message>
        <location filename="../text.py" line="91"/>
        <source>High ({0} %) — a clear match</source>
        <translation>高（{0} %）— 匹配明确</translation>
    </message>
    <message>
        <location filename="../text.py" line="93"/>
        <source>Medium ({0} %) — probably right; check by listening</source>
        <translation>中（{0} %）— 大概正确，请听一下确认</translation>
    </message>
    <message>
        <location filename="../text.py" line="94"/>
        <source>Low ({0} %) — the match is doubtful</source>
        <translation>低（{0} %）— 匹配可疑</translation>
    </message>
    <message>
        <location filename="../text.py" line="98"/>
        <source>{0} – {1} of the video ({2})</source>
        <translation>视频的 {0} – {1}（{2}）</translation>
    </message>
    <message>
        <location filename="../text.py" line="104"/>
        <source>Almost done</source>
        <translation>即将完成</translation>
    </message>
    <message>
        <location filename="../text.py" line="106"/>
        <source>About {0} s left</source>
        <translation>大约还剩 {0} 秒</translation>
    </message>
    <message>
        <location filename="../text.py" line="107"/>
        <source>About {0} min left</source>
        <translation>大约还剩 {0} 分钟</translation>
    </message>
    <message>
        <location filename="../text.py" line="113"/>
        <source>Reading files</source>
        <translation>读取文件</translation>
    </message>
    <message>
        <location filename="../text.py" line="115"/>
        <source>Decoding sound</source>
        <translation>解码声音</translation>
    </message>
    <message>
        <location filename="../text.py" line="117"/>
        <source>Finding the song</source>
        <translation>查找歌曲</translation>
    </message>
    <message>
        <location filename="../text.py" line="119"/>
        <source>Planning the cut</source>
        <translation>规划剪辑</translation>
    </message>
    <message>
        <location filename="../text.py" line="121"/>
        <source>Writing the video</source>
        <translation>写入视频</translation>
    </message>
    <message>
        <location filename="../text.py" line="127"/>
        <source>The song was not found in the video&apos;s sound.</source>
        <translation>在视频的声音里没有找到这首歌。</translation>
    </message>
    <message>
        <location filename="../text.py" line="128"/>
        <source>There is no music in the video&apos;s sound.</source>
        <translation>视频的声音里没有音乐。</translation>
    </message>
    <message>
        <location filename="../text.py" line="129"/>
        <source>A file could not be read.</source>
        <translation>有文件无法读取。</translation>
    </message>
    <message>
        <location filename="../text.py" line="130"/>
        <source>A file lacks the picture or the sound that is needed.</source>
        <translation>有文件缺少所需的画面或声音。</translation>
    </message>
    <message>
        <location filename="../text.py" line="132"/>
        <source>The result could not be saved.</source>
        <translation>结果无法保存。</translation>
    </message>
    <message>
        <location filename="../text.py" line="133"/>
        <source>These settings cannot work together.</source>
        <translation>这些设置不能同时使用。</translation>
    </message>
    <message>
        <location filename="../text.py" line="148"/>
        <source>Check that this is the song the class danced to, and that the video&apos;s sound has the music in it.</source>
        <translation>请确认这是课上跳舞用的歌曲，并且视频的声音里有这段音乐。</translation>
    </message>
    <message>
        <location filename="../text.py" line="151"/>
        <source>The video&apos;s sound is silent or too quiet. Was the phone&apos;s microphone covered?</source>
        <translation>视频的声音是静音或太小。手机麦克风是否被挡住了？</translation>
    </message>
    <message>
        <location filename="../text.py" line="153"/>
        <source>Check that the file plays in a media player and is not still being copied.</source>
        <translation>请确认该文件能在播放器中播放，并且没有还在复制中。</translation>
    </message>
    <message>
        <location filename="../text.py" line="155"/>
        <source>Choose another place to save the result, or free some disk space.</source>
        <translation>请选择其他保存位置，或腾出一些磁盘空间。</translation>
    </message>
    <message>
        <location filename="../text.py" line="161"/>
        <source>{0} – {1}</source>
        <translation>{0} – {1}</translation>
    </message>
    <message>
        <location filename="../text.py" line="170"/>
        <source>{0}×, pitch kept</source>
        <translation>{0}×，音调不变</translation>
    </message>
    <message>
        <location filename="../text.py" line="171"/>
        <source>{0}×, pitch moved</source>
        <translation>{0}×，音调改变</translation>
    </message>
    <message>
        <location filename="../text.py" line="177"/>
        <source>The song plays {0} times in the video; the output holds every run.</source>
        <translation>视频里歌曲播放了 {0} 遍；输出包含每一遍。</translation>
    </message>
    <message>
        <location filename="../text.py" line="180"/>
        <source>The song plays {0} times in the video; the output holds {1} of the runs.</source>
        <translation>视频里歌曲播放了 {0} 遍；输出包含其中 {1} 遍。</translation>
    </message>
</context>
</TS>
