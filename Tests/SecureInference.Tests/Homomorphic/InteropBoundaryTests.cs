using System.Reflection;
using PiToolkit.SecureInference.Homomorphic;

namespace PiToolkit.SecureInference.Tests.Homomorphic;

/// <summary>The V8/ClearScript engine stays behind Homomorphic/Interop: no public signature names it.</summary>
public sealed class InteropBoundaryTests
{
    private const BindingFlags Visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void No_public_member_of_SecureInference_exposes_a_ClearScript_type()
    {
        var leaks = new List<string>();
        foreach (var type in typeof(SealRuntime).Assembly.GetExportedTypes())
        {
            Check(type.BaseType, type.FullName!);
            foreach (var i in type.GetInterfaces())
                Check(i, type.FullName!);
            foreach (var member in type.GetMembers(Visible))
            {
                switch (member)
                {
                    case MethodBase method:
                        if (method is MethodInfo m)
                            Check(m.ReturnType, $"{type.Name}.{m.Name}");
                        foreach (var p in method.GetParameters())
                            Check(p.ParameterType, $"{type.Name}.{method.Name}({p.Name})");
                        break;
                    case PropertyInfo property:
                        Check(property.PropertyType, $"{type.Name}.{property.Name}");
                        break;
                    case FieldInfo field:
                        Check(field.FieldType, $"{type.Name}.{field.Name}");
                        break;
                }
            }
        }
        Assert.Empty(leaks);

        void Check(Type? t, string where)
        {
            if (t is null)
                return;
            if (t.HasElementType)
            {
                Check(t.GetElementType(), where);
                return;
            }
            if (t.Namespace?.StartsWith("Microsoft.ClearScript", StringComparison.Ordinal) == true)
                leaks.Add($"{where}: {t.FullName}");
            if (t.IsGenericType)
                foreach (var a in t.GetGenericArguments())
                    Check(a, where);
        }
    }

    [Fact]
    public void The_engine_types_live_in_the_Interop_namespace_and_are_internal()
    {
        var engineUsers = typeof(SealRuntime).Assembly.GetTypes()
            .Where(t => t.GetFields(BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
                .Any(f => f.FieldType.Namespace?.StartsWith("Microsoft.ClearScript", StringComparison.Ordinal) == true))
            .ToList();
        Assert.NotEmpty(engineUsers);
        Assert.All(engineUsers, t =>
        {
            Assert.Equal("PiToolkit.SecureInference.Homomorphic.Interop", t.Namespace);
            Assert.False(t.IsPublic);
        });
    }
}
