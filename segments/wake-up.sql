-- dormant wake-up: customers in Japan with no purchase for 180 days and no contact for 90 (ref: their last purchase)
SELECT v.*, p.ref, p.product, p.purchased_at, p.amount, h.last_contact_at
FROM customer_view AS v JOIN last_purchase AS p ON p.customer_id = v.id
  JOIN contact_stats AS h ON h.customer_id = v.id
WHERE v.days_since_last_purchase >= 180 AND (v.country = 'JP' OR v.country IS NULL OR v.country = '')
  AND (h.last_contact_at IS NULL OR h.last_contact_at < date('now', '-90 days'))
ORDER BY v.postal_code, v.id;
