using System.Text;

namespace Nlp.Infrastructure.Pickle;

/// <summary>Opcodes that name classes and build objects: every GLOBAL goes through the allow-list.</summary>
internal sealed partial class RestrictedUnpickler
{
    private bool DispatchObject(byte opcode)
    {
        switch (opcode)
        {
            case PickleOpcode.Global:
                var module = Encoding.UTF8.GetString(ReadLine());
                Push(Resolve(module, Encoding.UTF8.GetString(ReadLine())));
                return true;
            case PickleOpcode.StackGlobal:
                var name = Pop() as string ?? throw Fail("STACK_GLOBAL needs a string name");
                Push(Resolve(Pop() as string ?? throw Fail("STACK_GLOBAL needs a string module"), name));
                return true;
            case PickleOpcode.Inst:
                var instModule = Encoding.UTF8.GetString(ReadLine());
                var type = Resolve(instModule, Encoding.UTF8.GetString(ReadLine()));
                Push(Instantiate(type, PopMark()));
                return true;
            case PickleOpcode.Obj:
                var objItems = PopMark();
                if (objItems.Count == 0 || objItems[0] is not PickleGlobal objType)
                {
                    throw Fail("OBJ needs a class");
                }

                Push(Instantiate(objType, objItems.GetRange(1, objItems.Count - 1)));
                return true;
            case PickleOpcode.Reduce:
                var args = PopArguments("REDUCE");
                var callable = Pop() as PickleGlobal ?? throw Fail("REDUCE needs an allow-listed callable");
                Push(PickleConstructors.Call(callable, args, Fail));
                return true;
            case PickleOpcode.NewObj:
                var newArgs = PopArguments("NEWOBJ");
                Push(NewObject(Pop(), newArgs));
                return true;
            case PickleOpcode.NewObjEx:
                var kwargs = Pop() as Dictionary<object, object?> ?? throw Fail("NEWOBJ_EX needs keyword arguments");
                var exArgs = PopArguments("NEWOBJ_EX");
                Push(kwargs.Count == 0 ? NewObject(Pop(), exArgs) : throw Fail("NEWOBJ_EX with keyword arguments is not supported"));
                return true;
            case PickleOpcode.Build:
                Build(Pop());
                return true;
            default: return false;
        }
    }

    private PickleGlobal Resolve(string module, string name)
    {
        if (PickleAllowList.TryResolve(module, name, out var global))
        {
            if (global.Kind == PickleGlobalKind.JoblibArrayWrapper && _depth > 0)
            {
                throw Fail($"class '{global}' is not allowed inside a joblib array");
            }

            return global;
        }

        throw Fail($"class '{global}' is not allowed: a model pickle may only hold a Keras Tokenizer, a scikit-learn " +
            "LabelEncoder, a list of labels and the numpy/collections types they contain");
    }

    private object?[] PopArguments(string opcodeName) =>
        Pop() as object?[] ?? throw Fail($"{opcodeName} needs a tuple of arguments");

    /// <summary><c>cls.__new__(cls)</c> for an allowed object class (protocol 2+ objects).</summary>
    private PickleObject NewObject(object? type, object?[] args)
    {
        if (type is not PickleGlobal { IsObjectClass: true } objectClass)
        {
            throw Fail($"NEWOBJ of {PythonTypeNames.Of(type)} is not supported");
        }

        return args.Length == 0 ? new PickleObject(objectClass) : throw Fail($"'{objectClass}' created with arguments");
    }

    /// <summary>INST/OBJ (protocol 0/1 old-style instances): only allowed object classes, without arguments.</summary>
    private PickleObject Instantiate(PickleGlobal type, List<object?> args) =>
        type.IsObjectClass && args.Count == 0
            ? new PickleObject(type)
            : throw Fail($"'{type}' cannot be instantiated with INST/OBJ here");

    private void Build(object? state)
    {
        var target = Peek();
        PickleConstructors.SetState(target, state, Fail);
        if (target is PickleObject { Type.Kind: PickleGlobalKind.JoblibArrayWrapper } wrapper)
        {
            // joblib writes the array right after the wrapper; its unpickler swaps the wrapper for the array.
            _stack[^1] = ReadJoblibArray(wrapper);
        }
    }
}
