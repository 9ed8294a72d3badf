using Tsdb.Api.Config;
using Tsdb.Api.Metrics;
using Tsdb.Config;

namespace Tsdb.Api.Host;

/// <summary>
/// Configuration lifecycle: load at start (a bad file stops startup), reload on SIGHUP and
/// POST /-/reload. A reload first runs every stage's preparation (parsing and validating its part);
/// only when all succeed are the prepared changes applied, so a bad new file leaves everything
/// running on the old one.
/// </summary>
public sealed partial class TsdbServer
{
    private readonly object _configLock = new();
    private readonly List<Func<TsdbConfig, Action>> _configStages = [];
    private TsdbConfig? _config;

    /// <summary>The configuration in effect.</summary>
    public TsdbConfig Config => _config ?? throw new InvalidOperationException("configuration not loaded yet");

    public bool LastReloadSucceeded { get; private set; } = true;

    public DateTime LastReloadTime { get; private set; }

    /// <summary>
    /// Registers a part that consumes configuration: <paramref name="prepare"/> parses and validates
    /// its part (throwing <see cref="ConfigException"/>) and returns the step that applies it. The
    /// current configuration is applied to it at once.
    /// </summary>
    public void AddConfigStage(Func<TsdbConfig, Action> prepare)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        lock (_configLock)
        {
            var apply = prepare(Config);
            _configStages.Add(prepare);
            apply();
        }
    }

    /// <summary>Reads the configured file (or the embedded default) without applying it.</summary>
    public TsdbConfig ReadConfig() => Flags.ConfigFile is null ? ReadConfig(Flags, Port) : TsdbConfig.LoadFile(Flags.ConfigFile);

    internal static TsdbConfig ReadConfig(TsdbFlags flags, int port) =>
        flags.ConfigFile is null
            ? TsdbConfig.Parse(EmbeddedDefaultConfig.For(flags.ListenAddress, port), null)
            : TsdbConfig.LoadFile(flags.ConfigFile);

    /// <summary>Loads the file again and applies it everywhere, or throws and changes nothing.</summary>
    public void ReloadConfig()
    {
        lock (_configLock)
        {
            if (_stopping)
            {
                return;
            }

            try
            {
                var next = ReadConfig();

                // Every section is validated even before the components run (a reload during WAL replay).
                ConfigValidation.Validate(next);
                var steps = _configStages.Select(p => p(next)).ToList();
                foreach (var step in steps)
                {
                    step();
                }

                _config = next;
                LastReloadSucceeded = true;
                LastReloadTime = DateTime.UtcNow;
                ServerMetrics.ConfigReloaded(true, LastReloadTime);
                _log("msg=\"Completed loading of configuration file\" filename=" + (next.File ?? "(embedded default)"));
            }
            catch (ConfigException e)
            {
                ReloadFailed(e.Describe());
                throw;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Security.Cryptography.CryptographicException)
            {
                // Applying failed part-way (e.g. a certificate that vanished between checking and use).
                ReloadFailed(e.Message);
                throw new ConfigException(e.Message, e);
            }
        }
    }

    private void ReloadFailed(string reason)
    {
        LastReloadSucceeded = false;
        ServerMetrics.ConfigReloaded(false, LastReloadTime);
        _log("level=error msg=\"Error reloading config\" err=\"" + reason + "\"");
    }

    private void SetInitialConfig(TsdbConfig config)
    {
        _config = config;
        LastReloadTime = DateTime.UtcNow;
        ServerMetrics.ConfigReloaded(true, LastReloadTime);
    }
}
