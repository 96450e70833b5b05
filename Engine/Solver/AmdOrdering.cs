namespace MemristorSpice.Engine.Solver;

/// <summary>
/// Approximate minimum degree ordering (after Amestoy, Davis and Duff, "An approximate minimum degree ordering
/// algorithm", SIAM J. Matrix Anal. Appl. 17(4), 1996) on the pattern of A + Aᵀ. Our own compact variant:
/// quotient graph with element absorption and the approximate external degree bound
/// d(i) ≈ |A_i| + |L_p \ i| + Σ_e |L_e \ L_p|; no supervariable detection (MNA graphs of crossbars have few
/// indistinguishable nodes). Chosen once per circuit; a good ordering is what keeps crossbar fill small.
/// </summary>
internal static class AmdOrdering
{
    /// <summary>Elimination order: order[k] is the column (and preferred pivot row) eliminated at step k.</summary>
    public static int[] Compute(int n, int[] colPtr, int[] rowIdx)
    {
        var varAdj = BuildSymmetricAdjacency(n, colPtr, rowIdx);
        var elAdj = new List<int>[n];
        var elVars = new List<int>?[n];
        for (int i = 0; i < n; i++) elAdj[i] = new List<int>(2);
        var eliminated = new bool[n];
        var elementAlive = new bool[n];
        var degree = new int[n];
        var queue = new DegreeBuckets(n);
        for (int i = 0; i < n; i++) { degree[i] = varAdj[i].Count; queue.Insert(i, degree[i]); }

        var order = new int[n];
        var mark = new int[n];      // mark[i] == stamp ⇔ i ∈ Lp
        var wStamp = new int[n];    // wStamp[e] == stamp ⇔ w[e] valid this step
        var w = new int[n];
        int stamp = 0;
        var lp = new List<int>();

        for (int k = 0; k < n; k++)
        {
            int p = queue.PopMin();
            order[k] = p;
            eliminated[p] = true;
            stamp++;
            lp.Clear();
            mark[p] = stamp;
            foreach (int j in varAdj[p])
                if (!eliminated[j] && mark[j] != stamp) { mark[j] = stamp; lp.Add(j); }
            foreach (int e in elAdj[p])
            {
                if (!elementAlive[e]) continue;
                foreach (int j in elVars[e]!)
                    if (!eliminated[j] && mark[j] != stamp) { mark[j] = stamp; lp.Add(j); }
                elementAlive[e] = false; // absorbed: Le ⊆ Lp ∪ {p}
                elVars[e] = null;
            }
            varAdj[p] = new List<int>(0);
            elAdj[p] = new List<int>(0);
            elVars[p] = new List<int>(lp);
            elementAlive[p] = true;

            // Prune the lists of the variables in Lp: dead elements go, p comes in; variable edges inside Lp
            // are now implied by element p.
            foreach (int i in lp)
            {
                var ea = elAdj[i];
                int keep = 0;
                for (int t = 0; t < ea.Count; t++) if (elementAlive[ea[t]]) ea[keep++] = ea[t];
                ea.RemoveRange(keep, ea.Count - keep);
                ea.Add(p);
                var va = varAdj[i];
                keep = 0;
                for (int t = 0; t < va.Count; t++)
                {
                    int j = va[t];
                    if (!eliminated[j] && mark[j] != stamp) va[keep++] = j;
                }
                va.RemoveRange(keep, va.Count - keep);
            }

            // w(e) = |Le \ Lp| for every other element touching Lp.
            foreach (int i in lp)
                foreach (int e in elAdj[i])
                {
                    if (e == p) continue;
                    if (wStamp[e] != stamp) { wStamp[e] = stamp; w[e] = elVars[e]!.Count; }
                    w[e]--;
                }

            int remaining = n - k - 1;
            int lpSize = lp.Count;
            foreach (int i in lp)
            {
                long d = varAdj[i].Count + lpSize - 1;
                var ea = elAdj[i];
                int keep = 0;
                for (int t = 0; t < ea.Count; t++)
                {
                    int e = ea[t];
                    if (e != p && wStamp[e] == stamp && w[e] == 0)
                    {
                        elementAlive[e] = false; // aggressive absorption: Le ⊆ Lp
                        elVars[e] = null;
                        continue;
                    }
                    ea[keep++] = e;
                    if (e != p) d += wStamp[e] == stamp ? w[e] : elVars[e]!.Count;
                }
                ea.RemoveRange(keep, ea.Count - keep);
                long bound = (long)degree[i] + lpSize - 1;
                int nd = (int)Math.Max(0, Math.Min(Math.Min(d, bound), remaining - 1));
                degree[i] = nd;
                queue.Update(i, nd);
            }
        }
        return order;
    }

    private static List<int>[] BuildSymmetricAdjacency(int n, int[] colPtr, int[] rowIdx)
    {
        var adj = new List<int>[n];
        for (int i = 0; i < n; i++) adj[i] = new List<int>(4);
        var seen = new int[n];
        Array.Fill(seen, -1);
        for (int c = 0; c < n; c++)
            for (int q = colPtr[c]; q < colPtr[c + 1]; q++)
            {
                int r = rowIdx[q];
                if (r == c) continue;
                adj[c].Add(r);
                adj[r].Add(c);
            }
        // Remove duplicates (a and aᵀ both present).
        for (int i = 0; i < n; i++)
        {
            var a = adj[i];
            int keep = 0;
            for (int t = 0; t < a.Count; t++)
            {
                if (seen[a[t]] == i) continue;
                seen[a[t]] = i;
                a[keep++] = a[t];
            }
            a.RemoveRange(keep, a.Count - keep);
        }
        return adj;
    }

    /// <summary>Doubly linked degree buckets with a moving minimum: O(1) insert/remove, amortized pop.</summary>
    private sealed class DegreeBuckets
    {
        private readonly int[] _head, _next, _prev, _deg;
        private int _min;

        public DegreeBuckets(int n)
        {
            _head = new int[n + 1]; Array.Fill(_head, -1);
            _next = new int[n]; _prev = new int[n]; _deg = new int[n];
        }

        public void Insert(int i, int d)
        {
            _deg[i] = d; _prev[i] = -1; _next[i] = _head[d];
            if (_head[d] >= 0) _prev[_head[d]] = i;
            _head[d] = i;
            if (d < _min) _min = d;
        }

        private void Remove(int i)
        {
            int d = _deg[i];
            if (_prev[i] >= 0) _next[_prev[i]] = _next[i]; else _head[d] = _next[i];
            if (_next[i] >= 0) _prev[_next[i]] = _prev[i];
        }

        public void Update(int i, int d) { Remove(i); Insert(i, d); }

        public int PopMin()
        {
            while (_head[_min] < 0) _min++;
            int i = _head[_min];
            Remove(i);
            return i;
        }
    }
}
