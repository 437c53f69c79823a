using System.Buffers.Binary;

namespace Router.Tests.Architecture;

/// <summary>The metadata tokens of type, method and field operands in a method body's IL (ECMA-335 partition III).</summary>
internal static class IlTokens
{
    public static List<int> Read(byte[] il)
    {
        var tokens = new List<int>();
        var offset = 0;
        while (offset < il.Length)
        {
            int opcode = il[offset++];
            if (opcode == 0xFE)
            {
                opcode = 0xFE00 | il[offset++];
            }

            if (IsTokenOperand(opcode))
            {
                tokens.Add(BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(offset)));
            }

            offset += OperandSize(opcode, il, offset);
        }

        return tokens;
    }

    private static bool IsTokenOperand(int opcode) => opcode switch
    {
        // jmp, call, callvirt, newobj, ldftn, ldvirtftn
        0x27 or 0x28 or 0x6F or 0x73 or 0xFE06 or 0xFE07 => true,
        // cpobj, ldobj, castclass, isinst, unbox, stobj, box, newarr, ldelema, ldelem, stelem, unbox.any,
        // refanyval, mkrefany, initobj, constrained., sizeof
        0x70 or 0x71 or 0x74 or 0x75 or 0x79 or 0x81 or 0x8C or 0x8D or 0x8F or 0xA3 or 0xA4 or 0xA5 or 0xC2 or 0xC6
            or 0xFE15 or 0xFE16 or 0xFE1C => true,
        // ldfld, ldflda, stfld, ldsfld, ldsflda, stsfld, ldtoken
        >= 0x7B and <= 0x80 => true,
        0xD0 => true,
        _ => false,
    };

    private static int OperandSize(int opcode, byte[] il, int offset) => opcode switch
    {
        // ldarg.s .. stloc.s, ldc.i4.s, short branches, leave.s, unaligned., no.
        >= 0x0E and <= 0x13 => 1,
        0x1F => 1,
        >= 0x2B and <= 0x37 => 1,
        0xDE or 0xFE12 or 0xFE19 => 1,
        // ldarg, ldarga, starg, ldloc, ldloca, stloc
        >= 0xFE09 and <= 0xFE0E => 2,
        // ldc.i8, ldc.r8
        0x21 or 0x23 => 8,
        // switch: a count, then that many 4-byte targets
        0x45 => 4 + (4 * BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(offset))),
        // ldc.i4, ldc.r4, calli, long branches, leave, ldstr, and every token operand
        0x20 or 0x22 or 0x29 or 0xDD or 0x72 => 4,
        >= 0x38 and <= 0x44 => 4,
        _ when IsTokenOperand(opcode) => 4,
        _ => 0,
    };
}
