<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DropZone</name>
    <message>
        <location filename="../views/drop_zone.py" line="130"/>
        <source>CLASS VIDEO</source>
        <translation>课堂视频</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="131"/>
        <source>Drop the class video here</source>
        <translation>把课堂视频拖到这里</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="132"/>
        <source>The phone recording of the dance. Several videos make a batch.</source>
        <translation>用手机拍的舞蹈视频。放入多个视频即为批量处理。</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="133"/>
        <location filename="../views/drop_zone.py" line="139"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="134"/>
        <source>Choose the class video (Ctrl+O)</source>
        <translation>选择课堂视频 (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="136"/>
        <source>SONG</source>
        <translation>歌曲</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="137"/>
        <source>Drop the song here</source>
        <translation>把歌曲拖到这里</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="138"/>
        <source>The clean music file the class danced to.</source>
        <translation>跳舞时用的原版音乐文件。</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="140"/>
        <source>Choose the song (Ctrl+Shift+O)</source>
        <translation>选择歌曲 (Ctrl+Shift+O)</translation>
    </message>
    <message>
        <location filename="../views/drop_zone.py" line="141"/>
        <source>Remove</source>
        <translation>移除</translation>
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
    <name>MainController</name>
    <message>
        <location filename="../controller.py" line="184"/>
        <source>Wait until the current job ends.</source>
        <translation>请等待当前任务结束。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="191"/>
        <source>“{0}” does not exist.</source>
        <translation>“{0}”不存在。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="193"/>
        <source>“{0}” is a folder, not a video or audio file.</source>
        <translation>“{0}”是文件夹，不是视频或音频文件。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="195"/>
        <source>“{0}” is not a video or audio file.</source>
        <translation>“{0}”不是视频或音频文件。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="209"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../controller.py" line="245"/>
        <source>It could not be read.</source>
        <translation>无法读取。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="246"/>
        <source>Cannot use “{0}”: {1}</source>
        <translation>无法使用“{0}”：{1}</translation>
    </message>
    <message>
        <location filename="../controller.py" line="257"/>
        <location filename="../controller.py" line="283"/>
        <source>Only one song can be used; “{0}” was left out.</source>
        <translation>只能使用一首歌曲，已忽略“{0}”。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="263"/>
        <source>“{0}” has no picture, so it was taken as the song.</source>
        <translation>“{0}”没有画面，已作为歌曲使用。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="288"/>
        <source>“{0}” has no sound, so it cannot be the song.</source>
        <translation>“{0}”没有声音，不能作为歌曲。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="296"/>
        <source>“{0}” has no sound, so the song cannot be found in it.</source>
        <translation>“{0}”没有声音，无法在其中找到歌曲。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="357"/>
        <source>Choose the class video</source>
        <translation>选择课堂视频</translation>
    </message>
    <message>
        <location filename="../controller.py" line="358"/>
        <source>Videos ({0});;All files (*)</source>
        <translation>视频 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../controller.py" line="364"/>
        <source>Choose the song</source>
        <translation>选择歌曲</translation>
    </message>
    <message>
        <location filename="../controller.py" line="365"/>
        <source>Audio and video ({0} {1});;All files (*)</source>
        <translation>音频和视频 ({0} {1});;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../controller.py" line="373"/>
        <source>Save the synced video as</source>
        <translation>将同步后的视频另存为</translation>
    </message>
    <message>
        <location filename="../controller.py" line="374"/>
        <source>MP4 video (*.mp4);;QuickTime movie (*.mov)</source>
        <translation>MP4 视频 (*.mp4);;QuickTime 影片 (*.mov)</translation>
    </message>
    <message>
        <location filename="../controller.py" line="395"/>
        <source>{0} class videos</source>
        <translation>{0} 个课堂视频</translation>
    </message>
    <message>
        <location filename="../controller.py" line="396"/>
        <source>Batch: each one is synced to the same song · {0} in all</source>
        <translation>批量：每个视频都与同一首歌曲同步 · 共 {0}</translation>
    </message>
    <message>
        <location filename="../controller.py" line="412"/>
        <source>Next to each class video (…_beatsync.mp4)</source>
        <translation>保存在各课堂视频旁边（…_beatsync.mp4）</translation>
    </message>
    <message>
        <location filename="../controller.py" line="416"/>
        <source>Next to the class video</source>
        <translation>保存在课堂视频旁边</translation>
    </message>
    <message>
        <location filename="../controller.py" line="437"/>
        <source>Start batch</source>
        <translation>开始批量处理</translation>
    </message>
    <message>
        <location filename="../controller.py" line="437"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../controller.py" line="447"/>
        <source>Working {0} %</source>
        <translation>处理中 {0} %</translation>
    </message>
    <message>
        <location filename="../controller.py" line="450"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../controller.py" line="450"/>
        <source>{0} · confidence {1} · {2}</source>
        <translation>{0} · 可信度{1} · {2}</translation>
    </message>
    <message>
        <location filename="../controller.py" line="454"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../controller.py" line="454"/>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <location filename="../controller.py" line="456"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../controller.py" line="458"/>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../controller.py" line="461"/>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <location filename="../controller.py" line="461"/>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location filename="../controller.py" line="461"/>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <location filename="../controller.py" line="485"/>
        <source>Cancelled — nothing was written.</source>
        <translation>已取消 — 没有写入任何文件。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="487"/>
        <source>Drop the class video and the song anywhere on this window,
or use the Browse… buttons.</source>
        <translation>把课堂视频和歌曲拖到窗口的任意位置，
或者使用“浏览…”按钮。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="490"/>
        <source>Now add the class video.</source>
        <translation>现在请添加课堂视频。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="492"/>
        <source>Now add the song the class danced to.</source>
        <translation>现在请添加跳舞时用的歌曲。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="494"/>
        <source>Ready: {0} videos will be synced one after another.</source>
        <translation>准备就绪：{0} 个视频将依次同步。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="497"/>
        <source>Ready. Press Start (Ctrl+Enter).</source>
        <translation>准备就绪。请点击“开始”(Ctrl+Enter)。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="506"/>
        <source>✓ Done: {0}</source>
        <translation>✓ 完成：{0}</translation>
    </message>
    <message>
        <location filename="../controller.py" line="509"/>
        <source>✓ Analysed: {0}</source>
        <translation>✓ 已分析：{0}</translation>
    </message>
    <message>
        <location filename="../controller.py" line="512"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../controller.py" line="513"/>
        <source>Confidence</source>
        <translation>可信度</translation>
    </message>
    <message>
        <location filename="../controller.py" line="514"/>
        <source>Kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <location filename="../controller.py" line="518"/>
        <source>Clock difference between player and phone: {0} ppm (corrected)</source>
        <translation>播放设备与手机的时钟差：{0} ppm（已校正）</translation>
    </message>
    <message>
        <location filename="../controller.py" line="521"/>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../controller.py" line="525"/>
        <source>⚠ The match is uncertain. Play the result to check it; if the music is off, try another position the engine found:</source>
        <translation>⚠ 匹配结果不确定。请播放结果检查；如果音乐对不上，可以试试找到的其他位置：</translation>
    </message>
    <message>
        <location filename="../controller.py" line="527"/>
        <source>Try {0} (score {1} %)</source>
        <translation>试试 {0}（得分 {1} %）</translation>
    </message>
    <message>
        <location filename="../controller.py" line="541"/>
        <location filename="../controller.py" line="758"/>
        <source>▶ Play here</source>
        <translation>▶ 在此播放</translation>
    </message>
    <message>
        <location filename="../controller.py" line="543"/>
        <location filename="../controller.py" line="752"/>
        <source>Show match picture</source>
        <translation>显示匹配图</translation>
    </message>
    <message>
        <location filename="../controller.py" line="549"/>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <location filename="../controller.py" line="550"/>
        <source>An unexpected error stopped the job for “{0}”. Nothing was written. The details are in the log file.</source>
        <translation>意外错误中断了“{0}”的处理，没有写入任何文件。详细信息见日志文件。</translation>
    </message>
    <message>
        <location filename="../controller.py" line="554"/>
        <source>Could not sync “{0}”</source>
        <translation>无法同步“{0}”</translation>
    </message>
    <message>
        <location filename="../controller.py" line="624"/>
        <source>Syncing video {0} of {1}</source>
        <translation>正在同步第 {0} 个视频，共 {1} 个</translation>
    </message>
    <message>
        <location filename="../controller.py" line="626"/>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../controller.py" line="627"/>
        <source>{0}  →  {1}</source>
        <translation>{0}  →  {1}</translation>
    </message>
    <message>
        <location filename="../controller.py" line="654"/>
        <source>{0} — {1} %</source>
        <translation>{0} — {1} %</translation>
    </message>
    <message>
        <location filename="../controller.py" line="710"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../controller.py" line="776"/>
        <source>About BeatSync</source>
        <translation>关于 BeatSync</translation>
    </message>
    <message>
        <location filename="../controller.py" line="777"/>
        <source>&lt;b&gt;BeatSync {0}&lt;/b&gt;&lt;p&gt;Puts the clean song under a dance-class video, exactly aligned, and trims it to the dance.&lt;/p&gt;</source>
        <translation>&lt;b&gt;BeatSync {0}&lt;/b&gt;&lt;p&gt;把原版歌曲精确对齐地配到舞蹈课视频中，并按舞蹈剪掉多余部分。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../controller.py" line="799"/>
        <source>None — they are all class videos (batch)</source>
        <translation>都不是 — 全部是课堂视频（批量处理）</translation>
    </message>
    <message>
        <location filename="../controller.py" line="801"/>
        <source>Which file is the song?</source>
        <translation>哪个文件是歌曲？</translation>
    </message>
    <message>
        <location filename="../controller.py" line="802"/>
        <source>You dropped several videos. Which one holds the clean song?</source>
        <translation>您拖入了多个视频。哪一个包含原版歌曲？</translation>
    </message>
    <message>
        <location filename="../controller.py" line="810"/>
        <source>Stop syncing?</source>
        <translation>停止同步？</translation>
    </message>
    <message>
        <location filename="../controller.py" line="811"/>
        <source>A video is being synced. Stop it and close BeatSync? Nothing will be written.</source>
        <translation>正在同步视频。要停止并关闭 BeatSync 吗？不会写入任何文件。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../views/main_window.py" line="176"/>
        <source>BeatSync</source>
        <translation>BeatSync</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="177"/>
        <source>&amp;Save as:</source>
        <translation>保存为(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="178"/>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="179"/>
        <source>Next to the class video</source>
        <translation>保存在课堂视频旁边</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="180"/>
        <source>&amp;Trim to the music</source>
        <translation>按音乐剪辑(&amp;T)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="181"/>
        <source>Cut the lead-in and the tail where the song is not playing. Off: keep the whole video.</source>
        <translation>剪掉开头和结尾没有音乐的部分。关闭时保留整个视频。</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="183"/>
        <source>&amp;Margin</source>
        <translation>余量(&amp;M)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="184"/>
        <location filename="../views/main_window.py" line="187"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="185"/>
        <source>Seconds kept before the music starts and after it ends</source>
        <translation>音乐开始前和结束后保留的秒数</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="186"/>
        <source>&amp;Fade</source>
        <translation>淡入淡出(&amp;F)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="188"/>
        <source>Length of the audio fade-in and fade-out at the cuts</source>
        <translation>剪辑处音频淡入、淡出的时长</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="189"/>
        <source>Speaker &amp;distance</source>
        <translation>音箱距离(&amp;D)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="190"/>
        <source> m</source>
        <translation> 米</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="191"/>
        <source>How far the phone was from the loudspeaker. Sound arrives ~3 ms late per metre; this moves the music back in step with the picture.</source>
        <translation>手机离音箱有多远。声音每米约晚到 3 毫秒；此设置让音乐与画面重新对齐。</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="194"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="195"/>
        <source>Sync the video (Ctrl+Enter)</source>
        <translation>同步视频 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="196"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="197"/>
        <source>Stop; nothing is written (Esc)</source>
        <translation>停止；不写入任何文件 (Esc)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="198"/>
        <source>Open &amp;class video…</source>
        <translation>打开课堂视频(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="199"/>
        <source>Open &amp;song…</source>
        <translation>打开歌曲(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="200"/>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="201"/>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="202"/>
        <source>&amp;Play result</source>
        <translation>播放结果(&amp;P)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="203"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="204"/>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="205"/>
        <source>&amp;About BeatSync</source>
        <translation>关于 BeatSync(&amp;A)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="206"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="207"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="208"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="210"/>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="213"/>
        <source>Class video</source>
        <translation>课堂视频</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="213"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="213"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="214"/>
        <source>▶ Play here</source>
        <translation>▶ 在此播放</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="215"/>
        <source>Open in player</source>
        <translation>用播放器打开</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="216"/>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="217"/>
        <source>Song</source>
        <translation>歌曲</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="218"/>
        <source>Clean song, aligned</source>
        <translation>原版歌曲（已对齐）</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="219"/>
        <source>Class recording</source>
        <translation>课堂录音</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="220"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../views/main_window.py" line="221"/>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
</context>
<context>
    <name>PlayerWidget</name>
    <message>
        <location filename="../player.py" line="81"/>
        <source>Cannot play here: {0}. Use “Open in player”.</source>
        <translation>无法在此播放：{0}。请使用“用播放器打开”。</translation>
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
        <location filename="../text.py" line="30"/>
        <source>{0} GB</source>
        <translation>{0} GB</translation>
    </message>
    <message>
        <location filename="../text.py" line="32"/>
        <source>{0} MB</source>
        <translation>{0} MB</translation>
    </message>
    <message>
        <location filename="../text.py" line="33"/>
        <source>{0} kB</source>
        <translation>{0} kB</translation>
    </message>
    <message>
        <location filename="../text.py" line="57"/>
        <source>no sound</source>
        <translation>无声音</translation>
    </message>
    <message>
        <location filename="../text.py" line="68"/>
        <source>The music starts at {0} of the video, at {1} of the song.</source>
        <translation>音乐从视频的 {0} 开始，对应歌曲的 {1}。</translation>
    </message>
    <message>
        <location filename="../text.py" line="77"/>
        <source>Trimmed {0} before the music.</source>
        <translation>剪去音乐开始前的 {0}。</translation>
    </message>
    <message>
        <location filename="../text.py" line="79"/>
        <source>Trimmed {0} after the music.</source>
        <translation>剪去音乐结束后的 {0}。</translation>
    </message>
    <message>
        <location filename="../text.py" line="81"/>
        <source>Cut {0} of black picture at the start.</source>
        <translation>剪去开头 {0} 的黑屏画面。</translation>
    </message>
    <message>
        <location filename="../text.py" line="83"/>
        <source>Cut {0} of black picture at the end.</source>
        <translation>剪去结尾 {0} 的黑屏画面。</translation>
    </message>
    <message>
        <location filename="../text.py" line="85"/>
        <source>Cut {0} of frozen picture at the start.</source>
        <translation>剪去开头 {0} 的静止画面。</translation>
    </message>
    <message>
        <location filename="../text.py" line="87"/>
        <source>Cut {0} of frozen picture at the end.</source>
        <translation>剪去结尾 {0} 的静止画面。</translation>
    </message>
    <message>
        <location filename="../text.py" line="96"/>
        <source>Kept the whole video, as asked.</source>
        <translation>按要求保留了整段视频。</translation>
    </message>
    <message>
        <location filename="../text.py" line="104"/>
        <source>High ({0} %) — a clear match</source>
        <translation>高（{0} %）— 匹配明确</translation>
    </message>
    <message>
        <location filename="../text.py" line="106"/>
        <source>Medium ({0} %) — probably right; check by listening</source>
        <translation>中（{0} %）— 大概正确，请听一下确认</translation>
    </message>
    <message>
        <location filename="../text.py" line="107"/>
        <source>Low ({0} %) — the match is doubtful</source>
        <translation>低（{0} %）— 匹配可疑</translation>
    </message>
    <message>
        <location filename="../text.py" line="111"/>
        <source>{0} – {1} of the video ({2})</source>
        <translation>视频的 {0} – {1}（{2}）</translation>
    </message>
    <message>
        <location filename="../text.py" line="117"/>
        <source>Almost done</source>
        <translation>即将完成</translation>
    </message>
    <message>
        <location filename="../text.py" line="119"/>
        <source>About {0} s left</source>
        <translation>大约还剩 {0} 秒</translation>
    </message>
    <message>
        <location filename="../text.py" line="120"/>
        <source>About {0} min left</source>
        <translation>大约还剩 {0} 分钟</translation>
    </message>
    <message>
        <location filename="../text.py" line="126"/>
        <source>Reading files</source>
        <translation>读取文件</translation>
    </message>
    <message>
        <location filename="../text.py" line="128"/>
        <source>Decoding sound</source>
        <translation>解码声音</translation>
    </message>
    <message>
        <location filename="../text.py" line="130"/>
        <source>Finding the song</source>
        <translation>查找歌曲</translation>
    </message>
    <message>
        <location filename="../text.py" line="132"/>
        <source>Planning the cut</source>
        <translation>规划剪辑</translation>
    </message>
    <message>
        <location filename="../text.py" line="134"/>
        <source>Writing the video</source>
        <translation>写入视频</translation>
    </message>
    <message>
        <location filename="../text.py" line="140"/>
        <source>The song was not found in the video&apos;s sound.</source>
        <translation>在视频的声音里没有找到这首歌。</translation>
    </message>
    <message>
        <location filename="../text.py" line="141"/>
        <source>There is no music in the video&apos;s sound.</source>
        <translation>视频的声音里没有音乐。</translation>
    </message>
    <message>
        <location filename="../text.py" line="142"/>
        <source>A file could not be read.</source>
        <translation>有文件无法读取。</translation>
    </message>
    <message>
        <location filename="../text.py" line="143"/>
        <source>A file lacks the picture or the sound that is needed.</source>
        <translation>有文件缺少所需的画面或声音。</translation>
    </message>
    <message>
        <location filename="../text.py" line="145"/>
        <source>The result could not be saved.</source>
        <translation>结果无法保存。</translation>
    </message>
    <message>
        <location filename="../text.py" line="146"/>
        <source>These settings cannot work together.</source>
        <translation>这些设置不能同时使用。</translation>
    </message>
    <message>
        <location filename="../text.py" line="161"/>
        <source>Check that this is the song the class danced to, and that the video&apos;s sound has the music in it.</source>
        <translation>请确认这是课上跳舞用的歌曲，并且视频的声音里有这段音乐。</translation>
    </message>
    <message>
        <location filename="../text.py" line="164"/>
        <source>The video&apos;s sound is silent or too quiet. Was the phone&apos;s microphone covered?</source>
        <translation>视频的声音是静音或太小。手机麦克风是否被挡住了？</translation>
    </message>
    <message>
        <location filename="../text.py" line="166"/>
        <source>Check that the file plays in a media player and is not still being copied.</source>
        <translation>请确认该文件能在播放器中播放，并且没有还在复制中。</translation>
    </message>
    <message>
        <location filename="../text.py" line="168"/>
        <source>Choose another place to save the result, or free some disk space.</source>
        <translation>请选择其他保存位置，或腾出一些磁盘空间。</translation>
    </message>
</context>
</TS>
