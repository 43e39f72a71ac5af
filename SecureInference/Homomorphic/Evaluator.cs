using PiToolkit.SecureInference.Homomorphic.Interop;

namespace PiToolkit.SecureInference.Homomorphic;

/// <summary>
/// SEAL's <c>Evaluator</c> for BFV: slot-wise arithmetic mod t and row/column rotations. Every
/// operation has a form returning a new ciphertext and one writing into a destination (which may
/// be an operand).
/// </summary>
public sealed class Evaluator : IDisposable
{
    private const int OpAdd = 0, OpSub = 1, OpMultiply = 2, OpAddPlain = 3, OpSubPlain = 4, OpMultiplyPlain = 5;
    private readonly SealRuntime _runtime;

    /// <summary>Creates the evaluator.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="context"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The context or its runtime was disposed.</exception>
    public Evaluator(SealContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _runtime = context.Runtime;
        Handle = _runtime.Create(_runtime.Functions.EvaluatorCreate, typeof(Evaluator), context.Handle);
    }

    internal SealHandle Handle { get; }

    /// <summary>Slot-wise a + b.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the operands (e.g. other parameters).</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public Ciphertext Add(Ciphertext a, Ciphertext b) => Fresh(d => Add(a, b, d));

    /// <summary>Slot-wise a + b into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the operands.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public void Add(Ciphertext a, Ciphertext b, Ciphertext destination) => Binary(OpAdd, a, b?.Handle, destination);

    /// <summary>Slot-wise a − b.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the operands.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public Ciphertext Sub(Ciphertext a, Ciphertext b) => Fresh(d => Sub(a, b, d));

    /// <summary>Slot-wise a − b into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the operands.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public void Sub(Ciphertext a, Ciphertext b, Ciphertext destination) => Binary(OpSub, a, b?.Handle, destination);

    /// <summary>Slot-wise a · b (no relinearization: the result has 3 polynomials and still decrypts).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the operands.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public Ciphertext Multiply(Ciphertext a, Ciphertext b) => Fresh(d => Multiply(a, b, d));

    /// <summary>Slot-wise a · b into <paramref name="destination"/> (no relinearization).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the operands.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public void Multiply(Ciphertext a, Ciphertext b, Ciphertext destination) => Binary(OpMultiply, a, b?.Handle, destination);

    /// <summary>Slot-wise −a.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public Ciphertext Negate(Ciphertext a) => Fresh(d => Negate(a, d));

    /// <summary>Slot-wise −a into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public void Negate(Ciphertext a, Ciphertext destination)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(destination);
        _runtime.Call(_runtime.Functions.Negate, Handle, a.Handle, destination.Handle);
    }

    /// <summary>Slot-wise a + p.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the operands.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public Ciphertext AddPlain(Ciphertext a, Plaintext p) => Fresh(d => AddPlain(a, p, d));

    /// <summary>Slot-wise a + p into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the operands.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public void AddPlain(Ciphertext a, Plaintext p, Ciphertext destination) => Binary(OpAddPlain, a, p?.Handle, destination);

    /// <summary>Slot-wise a − p.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the operands.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public Ciphertext SubPlain(Ciphertext a, Plaintext p) => Fresh(d => SubPlain(a, p, d));

    /// <summary>Slot-wise a − p into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the operands.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public void SubPlain(Ciphertext a, Plaintext p, Ciphertext destination) => Binary(OpSubPlain, a, p?.Handle, destination);

    /// <summary>Slot-wise a · p.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the operands; an all-zero plaintext gives a transparent ciphertext, which this build refuses.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public Ciphertext MultiplyPlain(Ciphertext a, Plaintext p) => Fresh(d => MultiplyPlain(a, p, d));

    /// <summary>Slot-wise a · p into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">SEAL rejected the operands (including an all-zero plaintext).</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public void MultiplyPlain(Ciphertext a, Plaintext p, Ciphertext destination) => Binary(OpMultiplyPlain, a, p?.Handle, destination);

    /// <summary>Rotates both rows cyclically: slot j of each row receives slot j + <paramref name="steps"/> (mod N/2).</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">The Galois keys lack a key for the step (or for its power-of-two decomposition).</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public Ciphertext RotateRows(Ciphertext a, int steps, GaloisKeys galoisKeys) => Fresh(d => RotateRows(a, steps, galoisKeys, d));

    /// <summary>Rotates both rows cyclically into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">The Galois keys lack a key for the step.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public void RotateRows(Ciphertext a, int steps, GaloisKeys galoisKeys, Ciphertext destination)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(galoisKeys);
        ArgumentNullException.ThrowIfNull(destination);
        _runtime.Call(_runtime.Functions.RotateRows, Handle, a.Handle, steps, galoisKeys.Handle, destination.Handle);
    }

    /// <summary>Swaps the two rows.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">The Galois keys lack the column-swap key.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public Ciphertext RotateColumns(Ciphertext a, GaloisKeys galoisKeys) => Fresh(d => RotateColumns(a, galoisKeys, d));

    /// <summary>Swaps the two rows into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SealException">The Galois keys lack the column-swap key.</exception>
    /// <exception cref="ObjectDisposedException">An object was disposed.</exception>
    public void RotateColumns(Ciphertext a, GaloisKeys galoisKeys, Ciphertext destination)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(galoisKeys);
        ArgumentNullException.ThrowIfNull(destination);
        _runtime.Call(_runtime.Functions.RotateColumns, Handle, a.Handle, galoisKeys.Handle, destination.Handle);
    }

    /// <summary>Releases the WASM-side object. Idempotent.</summary>
    public void Dispose() => Handle.Dispose();

    private void Binary(int op, Ciphertext a, SealHandle? b, Ciphertext destination)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(destination);
        _runtime.Call(_runtime.Functions.Binary, Handle, op, a.Handle, b, destination.Handle);
    }

    private Ciphertext Fresh(Action<Ciphertext> operation)
    {
        var destination = new Ciphertext(_runtime);
        try
        {
            operation(destination);
            return destination;
        }
        catch
        {
            destination.Dispose();
            throw;
        }
    }
}
