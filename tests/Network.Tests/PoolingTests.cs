using MemristorSpice.Network.Core;
using MemristorSpice.Network.Layers;

namespace MemristorSpice.Network.Tests;

public class PoolingTests
{
    [Fact]
    public void MaxPool2x2MatchesNaiveWindowMaximumIncludingTies()
    {
        // Values quantised to 4 levels so most windows contain ties; the rule is "first maximum in row-major order"
        // for the gradient route. Reference: a direct loop over each window (exact comparison, no tolerance needed).
        var rng = new Random(12);
        var x = new Tensor(3, 2, 6, 7);   // odd width: the last column is dropped
        for (int i = 0; i < x.Length; i++) x.Data[i] = rng.Next(4);
        var pool = new MaxPool("p", 2);
        var y = pool.Forward(x, training: true);
        var dy = TestUtil.Random(3, 2, 3, 3, 13);
        var dx = pool.Backward(dy);
        var expectDx = new Tensor(3, 2, 6, 7);
        for (int n = 0; n < 3; n++)
            for (int c = 0; c < 2; c++)
                for (int oy = 0; oy < 3; oy++)
                    for (int ox = 0; ox < 3; ox++)
                    {
                        (int by, int bx) = (2 * oy, 2 * ox);
                        for (int wy = 0; wy < 2; wy++)
                            for (int wx = 0; wx < 2; wx++)
                                if (x[n, c, 2 * oy + wy, 2 * ox + wx] > x[n, c, by, bx]) (by, bx) = (2 * oy + wy, 2 * ox + wx);
                        Assert.Equal(x[n, c, by, bx], y[n, c, oy, ox]);
                        expectDx[n, c, by, bx] = dy[n, c, oy, ox];
                    }
        Assert.Equal(expectDx.Data, dx.Data);
    }
}
