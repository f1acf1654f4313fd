using System.Text;
using LLama.Native;

namespace Dspy.Fluent;

/// <summary>
/// Captures llama.cpp's native log while a model loads. LLamaSharp reports a failed load only as "Failed to load
/// model"; the reason (bad magic, unsupported version, truncated tensor data) exists only in the native log.
/// </summary>
/// <remarks>
/// The callback is process-wide, so loads are serialized and lines are recorded only while one is in progress;
/// outside a load the log is dropped (llama.cpp would otherwise write it to stderr).
/// </remarks>
internal static class LlamaNativeLog
{
    private static readonly Lock Gate = new();
    private static readonly NativeLogConfig.LLamaLogCallback Callback = OnLog; // held so the GC never frees the delegate native code calls
    private static List<(LLamaLogLevel Level, StringBuilder Text)>? _capture;
    private static bool _installed;

    /// <summary>Runs <paramref name="load"/> with the native log recorded; its error lines are passed to <paramref name="onFailure"/> if it throws.</summary>
    public static T Capture<T>(Func<T> load, Func<Exception, IReadOnlyList<string>, Exception> onFailure)
    {
        lock (Gate)
        {
            _capture = [];
            try
            {
                if (!_installed)
                {
                    NativeLogConfig.llama_log_set(Callback);
                    _installed = true;
                }
                return load();
            }
            catch (Exception e)
            {
                throw onFailure(e, Lines(_capture));
            }
            finally
            {
                _capture = null;
            }
        }
    }

    private static void OnLog(LLamaLogLevel level, string message)
    {
        var capture = _capture;
        if (capture is null) return;
        lock (capture)
        {
            // llama.cpp continues a long line with CONT messages; glue them to the line they continue.
            if (level == LLamaLogLevel.Continue && capture.Count > 0) capture[^1].Text.Append(message);
            else capture.Add((level, new StringBuilder(message)));
        }
    }

    private static List<string> Lines(List<(LLamaLogLevel Level, StringBuilder Text)> capture)
    {
        lock (capture)
        {
            return capture
                .Where(e => e.Level == LLamaLogLevel.Error)
                .SelectMany(e => e.Text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToList();
        }
    }
}
