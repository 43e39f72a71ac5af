using PiToolkit.SecureInference.Homomorphic;
using PiToolkit.SecureInference.Hosting;
using PiToolkit.SecureInference.Inputs;
using PiToolkit.SecureInference.Protocol;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Serving;

/// <summary>
/// The client side of <c>pitk infer</c>: one session with an <see cref="InferenceService"/>. It
/// connects through <see cref="SessionClient"/> (TLS pin or CA, or plain TCP), receives the
/// <see cref="PublicModel"/>, runs the protocol's session setup (handshake, HE keys, base OTs), and
/// then classifies inputs one at a time. <see cref="Prepare"/> runs an offline phase ahead of the
/// input, so that a later <see cref="Classify"/> waits only for the online phase; the server accepts
/// at most its <c>--prepare K</c> batches prepared and unused.
/// </summary>
public sealed class InferenceClient : IDisposable
{
    private readonly IChannel _channel;
    private readonly SealRuntimeLease _runtime;
    private readonly SecureInferenceClient _client;
    private int _disposed;

    private InferenceClient(IChannel channel, SealRuntimeLease runtime, SecureInferenceClient client, PublicModel model)
    {
        _channel = channel;
        _runtime = runtime;
        _client = client;
        Model = model;
    }

    /// <summary>The server's public model description.</summary>
    public PublicModel Model { get; }

    /// <summary>The client's costs of session setup (handshake, HE keys, base OTs).</summary>
    public System.Collections.Immutable.ImmutableArray<StepCost> SessionCosts => _client.SessionCosts;

    /// <summary>Offline batches prepared and not yet used.</summary>
    public int PreparedCount => _client.PreparedCount;

    /// <summary>Connects, receives the model description and runs the session setup.</summary>
    /// <param name="host">Server host name or address.</param>
    /// <param name="port">Server port.</param>
    /// <param name="options">Transport: TLS pin or CA (or none for plain TCP) and timeouts.</param>
    /// <param name="protocol">Protocol parameters; must match the server's (the handshake checks).</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <exception cref="ServerUnreachableException">Nothing answers at that address.</exception>
    /// <exception cref="ServerBusyException">The server is full or shutting down.</exception>
    /// <exception cref="TransportSecurityException">TLS failed: wrong pin, untrusted or misnamed certificate, or this client is not authorized.</exception>
    /// <exception cref="PeerTimeoutException">Connecting or admission took too long.</exception>
    /// <exception cref="ProtocolException">The server's description is unusable, the handshake found a mismatch (version, parameters, model), or the server went away during setup.</exception>
    public static async Task<InferenceClient> ConnectAsync(string host, int port, SessionClientOptions options, ProtocolOptions? protocol = null,
        CancellationToken cancellationToken = default)
    {
        var channel = await SessionClient.ConnectAsync(host, port, options, cancellationToken).ConfigureAwait(false);
        SealRuntimeLease? runtime = null;
        try
        {
            var model = PublicModel.Receive(channel);
            runtime = SealRuntimePool.Shared.Lease();
            var client = new SecureInferenceClient(channel, runtime.Runtime, model.Plan, protocol);
            return new InferenceClient(channel, runtime, client, model);
        }
        catch
        {
            runtime?.Dispose();
            channel.Dispose();
            throw;
        }
    }

    /// <summary>Runs one offline phase ahead of the input (the server keeps at most its <c>--prepare K</c>).</summary>
    /// <returns>The batch id.</returns>
    /// <exception cref="ProtocolException">The server ended the session (limit, shutdown, more than K prepared) or misbehaved.</exception>
    /// <exception cref="InvalidOperationException">An earlier exchange failed; connect again.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public ulong Prepare()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _client.Preprocess();
    }

    /// <summary>Classifies a normalised input (<see cref="PublicModel.Input"/> says how to make one), using a prepared batch or preparing one first.</summary>
    /// <exception cref="ArgumentException">The input has the wrong length or does not fit the field.</exception>
    /// <exception cref="ProtocolException">The server ended the session or misbehaved.</exception>
    /// <exception cref="InvalidOperationException">An earlier exchange failed; connect again.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public InferenceResult Classify(ReadOnlySpan<float> input)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _client.Infer(input);
    }

    /// <summary>Ends the session (telling the server, best effort) and frees the keys and the connection. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _client.Dispose();
        _runtime.Dispose();
        _channel.Dispose();
    }
}
