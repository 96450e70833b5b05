namespace MemristorSpice.Network.Pruning;

/// <summary>
/// The max-drop search of <see cref="PruningRecipe"/> found no candidate ratio whose accuracy drop stays within the
/// allowed limit. Its own type so that callers can tell this outcome of the user's limit from other failures.
/// </summary>
public sealed class PruningSearchException(double maxDropPoints, double smallestRatio)
    : InvalidOperationException($"No candidate ratio keeps the accuracy drop within {maxDropPoints} points (smallest tried: {smallestRatio}).")
{
    /// <summary>The allowed accuracy drop, in percentage points.</summary>
    public double MaxDropPoints { get; } = maxDropPoints;

    /// <summary>The smallest candidate ratio (share of depthwise channels removed) that was available to the search.</summary>
    public double SmallestRatio { get; } = smallestRatio;
}
