using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Region.ServiceDefaults.Data;

public static class JsonColumns
{
    /// Stores a list of records (findings, agenda items) as one jsonb column in the web's JSON
    /// casing. The comparer compares the items, so a changed item marks the row modified even when
    /// the list is the same object.
    public static PropertyBuilder<List<T>> HasJsonListConversion<T>(this PropertyBuilder<List<T>> property) =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
            v => JsonSerializer.Deserialize<List<T>>(v, JsonSerializerOptions.Web) ?? new(),
            new ValueComparer<List<T>>((a, b) => a!.SequenceEqual(b!), v => v.Count, v => v.ToList()));

    /// The same for a list that may be absent (null: nothing recorded, not an empty list).
    public static PropertyBuilder<List<T>?> HasNullableJsonListConversion<T>(this PropertyBuilder<List<T>?> property) =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
            v => JsonSerializer.Deserialize<List<T>>(v, JsonSerializerOptions.Web),
            new ValueComparer<List<T>?>((a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
                v => v == null ? 0 : v.Count, v => v == null ? null : v.ToList()));

    /// A record that may be absent (a plan's vocabulary) as one jsonb column; compared by value.
    public static PropertyBuilder<T?> HasJsonConversion<T>(this PropertyBuilder<T?> property) where T : class =>
        property.HasColumnType("jsonb").HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
            v => JsonSerializer.Deserialize<T>(v, JsonSerializerOptions.Web));
}
