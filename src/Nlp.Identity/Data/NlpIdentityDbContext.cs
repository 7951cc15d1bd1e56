using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Nlp.Identity.Data;

/// <summary>
/// The identity store: OpenIddict's applications, authorizations, scopes and tokens, the admin accounts,
/// the server's generated keys and the data-protection key ring. Each database provider has its own
/// subclass so that each keeps its own migrations.
/// </summary>
internal abstract class NlpIdentityDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<AdminUser> AdminUsers => Set<AdminUser>();

    public DbSet<ServerKey> ServerKeys => Set<ServerKey>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();

        modelBuilder.Entity<AdminUser>(user =>
        {
            user.ToTable("NlpAdminUsers");
            user.Property(u => u.UserName).HasMaxLength(256);
            user.HasIndex(u => u.UserName).IsUnique();
        });

        modelBuilder.Entity<ServerKey>(key =>
        {
            key.ToTable("NlpServerKeys");
            key.Property(k => k.Use).HasMaxLength(8);
            key.HasIndex(k => k.Use).IsUnique();
        });
    }
}
