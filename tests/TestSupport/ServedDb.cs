using Region.ServiceDefaults.Data;
using Region.ServiceDefaults.Tenancy;

namespace Region.TestSupport;

public static class ServedDb
{
    /// A context a test made itself, handed to <paramref name="caller"/> (as a service's scope hands
    /// its pooled one), so a test reads and writes as that tenant.
    public static TDb Serving<TDb>(this TDb db, CallerContext caller) where TDb : ServiceDbContext
    {
        db.Serve(caller);
        return db;
    }
}
