using System.Runtime.InteropServices;

namespace MemristorSpice.Netlist.Reading;

/// <summary>
/// The type of a file on Linux, from statx(2) (its layout is the same on every architecture), without opening
/// the file: opening a FIFO would wait for a writer. Elsewhere, or if the call fails, nothing is known and the
/// caller relies on its size limit.
/// </summary>
internal static class UnixFileType
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28; // stx_mode (u16) in struct statx
    private const int FormatMask = 0xF000;

    /// <summary>Null for a regular file (or when unknown); otherwise "a character device", "a FIFO", ...</summary>
    public static string? Describe(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        uint returnedMask = BitConverter.ToUInt32(buffer, 0);
        if ((returnedMask & StatxType) == 0) return null;
        int format = BitConverter.ToUInt16(buffer, ModeOffset) & FormatMask;
        return format switch
        {
            0x8000 => null,
            0x4000 => "a directory",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0x1000 => "a FIFO (named pipe)",
            0xC000 => "a socket",
            _ => "a special file",
        };
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
