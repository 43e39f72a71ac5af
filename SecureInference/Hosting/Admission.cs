using System.Text;
using PiToolkit.SecureInference.Transport;

namespace PiToolkit.SecureInference.Hosting;

/// <summary>
/// The host's greeting, exchanged after the transport is up and before any protocol byte. The server
/// sends "PITKS", a version byte, a status byte and a UTF-8 reason; an admitted client answers
/// "PITKC" and its version byte. The server's half lets a refused client learn why (busy, shutting
/// down, not authorized) instead of seeing a reset or a hang. The client's half tells the server that
/// the client accepted the connection: over TLS a client checks the server's certificate only after
/// the handshake has completed on the server's side, so without it a server would start the protocol
/// on a connection the client is about to drop for a wrong pin.
/// </summary>
internal static class Admission
{
    public const byte Version = 1;
    private const int MaxReasonBytes = 512;
    private static ReadOnlySpan<byte> Magic => "PITKS"u8;
    private static ReadOnlySpan<byte> ClientMagic => "PITKC"u8;

    public enum Status : byte
    {
        Accepted = 0,
        Busy = 1,
        ShuttingDown = 2,
        ClientCertificateMissing = 3,
        ClientNotAuthorized = 4,
    }

    public static void Send(IChannel channel, Status status, string reason)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        if (text.Length > MaxReasonBytes) Array.Resize(ref text, MaxReasonBytes);
        var payload = new byte[Magic.Length + 2 + text.Length];
        Magic.CopyTo(payload);
        payload[Magic.Length] = Version;
        payload[Magic.Length + 1] = (byte)status;
        text.CopyTo(payload, Magic.Length + 2);
        channel.SendFrame(payload);
        channel.Flush();
    }

    /// <exception cref="ProtocolException">The greeting is malformed, of another version or not from a PiToolkit server.</exception>
    public static (Status Status, string Reason) Receive(IChannel channel)
    {
        var payload = channel.ReceiveFrame(Magic.Length + 2 + MaxReasonBytes);
        if (payload.Length < Magic.Length + 2 || !payload.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new ProtocolException("The server's greeting is not a PiToolkit session greeting; is this the right port?");
        }
        if (payload[Magic.Length] != Version)
        {
            throw new ProtocolException($"The server speaks session greeting version {payload[Magic.Length]}, this client version {Version}.");
        }
        var status = (Status)payload[Magic.Length + 1];
        if (!Enum.IsDefined(status))
        {
            throw new ProtocolException($"The server's greeting has an unknown status {(byte)status}.");
        }
        // The reason is shown to the user: keep printable characters only, whatever the server sent.
        var reason = new string(Encoding.UTF8.GetString(payload, Magic.Length + 2, payload.Length - Magic.Length - 2).Where(c => !char.IsControl(c)).ToArray());
        return (status, reason);
    }

    public static void SendClientAcknowledgement(IChannel channel)
    {
        Span<byte> payload = stackalloc byte[ClientMagic.Length + 1];
        ClientMagic.CopyTo(payload);
        payload[^1] = Version;
        channel.SendFrame(payload);
        channel.Flush();
    }

    /// <exception cref="ProtocolException">The answer is not a PiToolkit client's, or of another version.</exception>
    public static void ReceiveClientAcknowledgement(IChannel channel)
    {
        var payload = channel.ReceiveFrame(ClientMagic.Length + 1);
        if (payload.Length != ClientMagic.Length + 1 || !payload.AsSpan(0, ClientMagic.Length).SequenceEqual(ClientMagic))
        {
            throw new ProtocolException("The client's answer to the greeting is not a PiToolkit session client's.");
        }
        if (payload[^1] != Version)
        {
            throw new ProtocolException($"The client speaks session greeting version {payload[^1]}, this server version {Version}.");
        }
    }
}
