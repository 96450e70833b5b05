namespace MemristorSpice.Network.Data;

/// <summary>Thrown when a data file or folder is malformed or too large; the message names the file and what is wrong.</summary>
public class DataFormatException(string message) : Exception(message);

/// <summary>
/// Bounds on what a data set may hold, so a wrong or hostile path fails with a message instead of exhausting memory
/// (docs/datasets.md, "Limits").
/// </summary>
public static class DataLimits
{
    /// <summary>Most images in one split.</summary>
    public const int MaxImages = 1_000_000;
    /// <summary>Most pixel values (images·channels·rows·cols) of one split held as floats: 2^28 values = 1 GiB.</summary>
    public const long MaxValues = 1L << 28;
    /// <summary>Largest image side in pixels.</summary>
    public const int MaxSide = 4096;
    /// <summary>Largest image file of an image folder, bytes.</summary>
    public const long MaxImageFileBytes = 64L << 20;
    /// <summary>Largest .npy file, bytes (MNIST's training images as float64 are 376 MB).</summary>
    public const long MaxNpyBytes = 1L << 31;
    /// <summary>Most classes: labels are stored as bytes.</summary>
    public const int MaxClasses = 256;
}
