-- 30-day follow-up: customers in Japan who bought once, 30 to 60 days ago (ref: that purchase; a build skips those followed up)
SELECT v.*, p.ref, p.product, p.purchased_at, p.amount
FROM customer_view AS v JOIN last_purchase AS p ON p.customer_id = v.id
WHERE v.order_count = 1 AND (v.country = 'JP' OR v.country IS NULL OR v.country = '')
  AND p.purchased_at BETWEEN date('now', '-60 days') AND date('now', '-30 days')
ORDER BY v.postal_code, v.id;
