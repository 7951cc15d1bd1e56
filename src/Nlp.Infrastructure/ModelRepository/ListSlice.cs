using System.Collections;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>A read-only view of <paramref name="count"/> items of a list from <paramref name="start"/> (no copy).</summary>
internal sealed class ListSlice<T>(IReadOnlyList<T> list, int start, int count) : IReadOnlyList<T>
{
    public int Count => count;

    public T this[int index] => (uint)index < (uint)count ? list[start + index] : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return list[start + i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
