package dev.lossreport.loss;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryTest {

    @Test
    void canonicalSpecsListResolvedParameters() {
        assertEquals("huber(delta=1.0)", Losses.parse("huber").spec());
        assertEquals("huber(delta=2.0)", Losses.parse("huber(delta=2)").spec());
        assertEquals("huber(delta=2.0)", Losses.create("huber", Map.of("delta", 2)).spec());
        assertEquals("bce(eps=1e-15)", Losses.parse("bce").spec());
        assertEquals("mse", Losses.parse("mse()").spec());
        assertEquals("mse(reduction=sum)", Losses.parse("mse(reduction = sum)").spec());
        assertEquals("cce(eps=1e-7,normalize_rows=true)", Losses.parse("cce(normalize_rows=true, eps=1e-7)").spec());
    }

    @Test
    void aliasesResolveToTheCanonicalLoss() {
        assertEquals("bce(eps=1e-15,from_logits=true)", Losses.parse("bce_logits").spec());
        assertEquals("cce(eps=1e-15)", Losses.parse("log_loss").spec());
        LossException e = assertThrows(LossException.class, () -> Losses.parse("bce_logits(from_logits=false)"));
        assertTrue(e.getMessage().contains("fixes from_logits=true"), e.getMessage());
    }

    @Test
    void unknownNamesAndParametersNameTheValidChoices() {
        LossException e = assertThrows(LossException.class, () -> Losses.parse("hubber"));
        assertTrue(e.getMessage().startsWith("unknown loss 'hubber' (did you mean 'huber'?); known losses: mse, rmse"), e.getMessage());
        e = assertThrows(LossException.class, () -> Losses.parse("huber(dleta=2)"));
        assertEquals("loss 'huber' has no parameter 'dleta'; its parameters are delta, reduction, multioutput, outputs, flatten", e.getMessage());
        e = assertThrows(LossException.class, () -> Losses.parse("mse(x=1)"));
        assertTrue(e.getMessage().startsWith("loss 'mse' has no parameter 'x'"), e.getMessage());
        e = assertThrows(LossException.class, () -> Losses.parse("huber(delta=-1)"));
        assertEquals("loss 'huber': parameter 'delta' must be a finite number > 0, got -1.0", e.getMessage());
        e = assertThrows(LossException.class, () -> Losses.parse("huber(delta=big)"));
        assertEquals("loss 'huber': parameter 'delta' must be a number, got 'big'", e.getMessage());
        e = assertThrows(LossException.class, () -> Losses.parse("mse(reduction=median)"));
        assertEquals("loss 'mse': parameter 'reduction' must be one of mean, sum, sum_over_batch_size, got 'median'", e.getMessage());
        e = assertThrows(LossException.class, () -> Losses.parse("huber(delta=1"));
        assertTrue(e.getMessage().startsWith("loss spec 'huber(delta=1': expected ')'"), e.getMessage());
    }

    @Test
    void everyLossDocumentsItself() {
        for (LossType t : Losses.list()) {
            assertTrue(!t.formula().isBlank() && !t.domain().isBlank(), t.name());
            for (Param p : t.params()) {
                assertTrue(!p.doc().isBlank(), t.name() + "." + p.name());
            }
        }
    }
}
